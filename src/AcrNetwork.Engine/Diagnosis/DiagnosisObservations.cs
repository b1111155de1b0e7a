namespace AcrNetwork;

/// <summary>Why the registry's configuration is not part of a diagnosis.</summary>
/// <param name="SearchedByName">True when ARM was searched for the name (Resource Graph), which shows only what the identity may read.</param>
internal sealed record ConfigurationFailure(ArmFailure Failure, string Message, bool SearchedByName)
{
    /// <summary>The proxy ARM was reached through, without credentials; null for a direct connection.</summary>
    public string? Proxy { get; init; }

    /// <summary>How that proxy failed the read (e.g. 407), when it was the proxy that failed it.</summary>
    public ProxyStatus? ProxyStatus { get; init; }

    /// <summary>ARM's own error code (<c>ExpiredAuthenticationToken</c>, <c>AuthorizationFailed</c>, ...), when it sent one.</summary>
    public string? ErrorCode { get; init; }
}

/// <summary>
/// Everything the rules judge, gathered for one registry: its configuration (when it could be read), the
/// DNS answers, the endpoint tests and the client's context. Rules read only this, so they are tested on
/// objects built by hand.
/// </summary>
internal sealed record DiagnosisObservations
{
    public string Registry { get; init; } = "";
    public string LoginServer { get; init; } = "";

    /// <summary>The host the user gave when it is not the login server (a private link name, a regional endpoint); otherwise null.</summary>
    public string? GivenHost { get; init; }
    public AzureCloudEnvironment Environment { get; init; } = AzureCloudEnvironment.AzureCloud;

    /// <summary>Null when it could not be read: <see cref="ConfigurationFailure"/> says why.</summary>
    public RegistryNetworkConfig? Config { get; init; }
    public ConfigurationFailure? ConfigurationFailure { get; init; }
    public IReadOnlyList<DnsResolution> Dns { get; init; } = [];
    public IReadOnlyList<EndpointTest> Endpoints { get; init; } = [];
    public ClientContext Client { get; init; } = new();

    /// <summary>The image whose pull was followed; null when none was given.</summary>
    public string? Repository { get; init; }

    /// <summary>Why the token exchange ran without a credential; null when there was one.</summary>
    public string? CredentialUnavailable { get; init; }

    /// <summary>The client's own network in Azure (subnet, VNet, NSGs, routes), or why it was not examined.</summary>
    public ClientNetworkExamination ClientNetwork { get; init; } = ClientNetworkExamination.NotExamined("no client subnet was given.");

    /// <summary>The AKS cluster whose pulls are judged; null when none was asked about or it could not be read.</summary>
    public AksCluster? AksCluster { get; init; }

    /// <summary>The cluster's node pool subnets, each examined as a client network; empty without a cluster.</summary>
    public IReadOnlyList<AksNodePoolNetwork> NodePoolNetworks { get; init; } = [];

    /// <summary>Why the AKS cluster asked about could not be read; null otherwise.</summary>
    public string? AksClusterUnread { get; init; }

    /// <summary>What the cluster's kubelet identity may do on the registry; null without a cluster or a kubelet identity.</summary>
    public RegistryPullAccess? KubeletAccess { get; init; }
}
