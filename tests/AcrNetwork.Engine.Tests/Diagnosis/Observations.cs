namespace AcrNetwork.Tests.Diagnosis;

/// <summary>Observations built by hand, as the orchestrator would gather them, for the rule tests: no network.</summary>
internal static class Observations
{
    public const string Login = "contoso.azurecr.io";
    public const string Westus = "contoso.westus.data.azurecr.io";
    public const string Eastus = "contoso.eastus.data.azurecr.io";
    public const string WestusRegional = "contoso.westus.geo.azurecr.io";
    public const string Storage = "stcontosowestus01.blob.core.windows.net";
    public const string ClientIp = "203.0.113.10";

    public static DiagnosisObservations Of(
        IEnumerable<EndpointTest>? endpoints = null,
        IEnumerable<DnsResolution>? dns = null,
        RegistryNetworkConfig? config = null,
        ConfigurationFailure? failure = null,
        ClientContext? client = null,
        ClientNetworkExamination? clientNetwork = null,
        string? givenHost = null,
        AksCluster? aksCluster = null,
        RegistryPullAccess? kubeletAccess = null) => new()
        {
            Registry = "contoso",
            LoginServer = Login,
            GivenHost = givenHost,
            AksCluster = aksCluster,
            KubeletAccess = kubeletAccess,
            Config = config,
            ConfigurationFailure = config is null ? failure ?? new ConfigurationFailure(ArmFailure.CredentialUnavailable, "No Azure credential.", true) : null,
            Dns = dns?.ToList() ?? [Resolved(Login, "20.1.2.3")],
            Endpoints = endpoints?.ToList() ?? [],
            Client = client ?? new ClientContext(),
            ClientNetwork = clientNetwork ?? ClientNetworkExamination.NotExamined("no client subnet was given."),
        };

    /// <param name="resolver">The DNS server asked (-DnsServer); the system resolver by default.</param>
    public static DnsResolution Resolved(string fqdn, string address, EndpointPurpose role = EndpointPurpose.Rest, string? region = null, PrivateEndpointMatch? match = null, string resolver = NameResolver.SystemName) => new()
    {
        Fqdn = fqdn,
        Role = role,
        Region = region,
        Resolver = resolver,
        Addresses = [address],
        IsPrivate = address.StartsWith("10.", StringComparison.Ordinal),
        PrivateEndpointMatch = match,
        Status = DnsStatus.Resolved,
        Message = $"Resolves to {address}.",
    };

    public static DnsResolution Failed(string fqdn, DnsStatus status, EndpointPurpose role = EndpointPurpose.Rest, string? region = null, PrivateEndpointMatch? match = null, params string[] chain) => new()
    {
        Fqdn = fqdn,
        Role = role,
        Region = region,
        Resolver = NameResolver.SystemName,
        CnameChain = chain,
        PrivateEndpointMatch = match,
        Status = status,
        Message = $"{status}.",
    };

    /// <summary>A REST endpoint that answered 401 with a challenge: everything up to HTTP works.</summary>
    public static EndpointTest Rest(string address = "20.1.2.3") => Passed(Login, EndpointPurpose.Rest, "westus", address, 401);

    public static EndpointTest Passed(string fqdn, EndpointPurpose role, string? region, string address = "20.1.2.4", int status = 200) => new()
    {
        Target = new ProbeTarget { Fqdn = fqdn, Role = role, Region = region },
        DnsResult = At(address),
        TcpResult = new TcpResult(TcpStatus.Connected, 0),
        TlsResult = new TlsResult(TlsStatus.Trusted, null, null, 0),
        HttpResult = new HttpResult("GET /v2/", status) { Note = $"answers {status}." },
    };

    /// <summary>A test stopped at <paramref name="stage"/>, with the results of the stages given.</summary>
    public static EndpointTest FailedAt(
        string fqdn,
        EndpointPurpose role,
        PullStage stage,
        string? address = "20.1.2.3",
        string? region = "westus",
        string resolver = NameResolver.SystemName,
        ProxyResult? proxy = null,
        TcpResult? tcp = null,
        TlsResult? tls = null,
        HttpResult? http = null,
        TokenResult? token = null,
        PullResult? pull = null) => new()
    {
        Target = new ProbeTarget { Fqdn = fqdn, Role = role, Region = region },
        DnsResult = At(address, resolver),
        ProxyResult = proxy,
        TcpResult = tcp,
        TlsResult = tls,
        HttpResult = http,
        TokenResult = token,
        PullResult = pull,
        Failure = new StageFailure(stage, $"failed at {stage}.", null),
    };

    public static EndpointTest TcpFailure(string fqdn, EndpointPurpose role, TcpStatus status, string address = "20.1.2.3", string? region = "westus", string resolver = NameResolver.SystemName) =>
        FailedAt(fqdn, role, PullStage.Tcp, address, region, resolver, tcp: new TcpResult(status, 0));

    public static EndpointTest Denied(string fqdn = Login, EndpointPurpose role = EndpointPurpose.Rest, string? region = "westus") =>
        FailedAt(
            fqdn,
            role,
            PullStage.Http,
            "20.1.2.3",
            region,
            tcp: new TcpResult(TcpStatus.Connected, 0),
            tls: new TlsResult(TlsStatus.Trusted, null, null, 0),
            http: new HttpResult("GET /v2/", 403, new AcrError { Code = "DENIED", ClientIp = ClientIp }));

    public static EndpointTest ThroughProxy(ProxyStatus status, int? proxyHttpStatus = null, string fqdn = Login) =>
        FailedAt(
            fqdn,
            EndpointPurpose.Rest,
            PullStage.Proxy,
            address: null,
            proxy: new ProxyResult("http://proxy.contoso.test:3128", status, proxyHttpStatus, 0),
            tcp: new TcpResult(status == ProxyStatus.Unreachable ? TcpStatus.Refused : TcpStatus.Connected, 0));

    /// <summary>The DNS stage of a test at <paramref name="address"/>; none behind a proxy.</summary>
    private static DnsResult At(string? address, string resolver = NameResolver.SystemName) => address is null
        ? DnsResult.NotResolved
        : new DnsResult(address, address.StartsWith("10.", StringComparison.Ordinal), null, resolver, null, null, null);

    public static RegistryNetworkConfig Premium(Func<RegistryNetworkConfig, RegistryNetworkConfig>? change = null)
    {
        var config = new RegistryNetworkConfig
        {
            Name = "contoso",
            ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso",
            LoginServer = Login,
            Location = "westus",
            Sku = RegistrySku.Premium,
            PublicNetworkAccess = PublicNetworkAccess.Enabled,
            DefaultAction = NetworkRuleAction.Allow,
            TrustedServicesBypass = TrustedServicesBypass.AzureServices,
            DataEndpointEnabled = true,
            Source = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso",
        };
        return change is null ? config : change(config);
    }

    public static RegistryPrivateEndpoint Endpoint(PrivateEndpointConnectionStatus status = PrivateEndpointConnectionStatus.Approved) => new()
    {
        Name = "pe-contoso",
        ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-contoso",
        ConnectionName = "pe-contoso.conn",
        ConnectionStatus = status,
        Addresses =
        [
            new PrivateEndpointAddress { Fqdn = Login, IPAddress = "10.1.0.4", MemberName = "registry" },
            new PrivateEndpointAddress { Fqdn = Westus, IPAddress = "10.1.0.5", MemberName = "registry_data_westus" },
        ],
    };

    public static RegistryNetworkConfig WithPrivateEndpoint(PrivateEndpointConnectionStatus status = PrivateEndpointConnectionStatus.Approved) =>
        Premium(c => c with { PublicNetworkAccess = PublicNetworkAccess.Disabled, DefaultAction = NetworkRuleAction.Deny, PrivateEndpoints = [Endpoint(status)] });

    public static IReadOnlyList<string> Codes(DiagnosisObservations o) => DiagnosisRules.Evaluate(o).Select(f => f.Code).ToList();
    /// <summary>An AKS cluster with a kubelet identity and two node pools in their own subnets.</summary>
    public static AksCluster Cluster { get; } = new()
    {
        Name = "aks1",
        ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1",
        KubeletIdentity = new AksKubeletIdentity
        {
            ObjectId = "9a3d6b2e-1f4c-4e8a-b5d7-3c2e1f0a9b84",
            ClientId = "5e1f3c1a-8c4d-4a5b-9f3e-2b7d6a9c0e11",
            ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MC_rg1_aks1_westus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks1-agentpool",
        },
        NodePools =
        [
            new AksNodePool { Name = "system", Mode = "System", SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/system" },
            new AksNodePool { Name = "user", Mode = "User", SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/user" },
        ],
        PrivateCluster = true,
    };

    public static RoleGrant Grant(string role, string scopeKind) => new() { RoleName = role, RoleDefinitionId = $"/providers/Microsoft.Authorization/roleDefinitions/{role}", Scope = scopeKind, ScopeKind = scopeKind };
}
