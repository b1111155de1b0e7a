using System.Collections;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrNetwork;

internal sealed class TroubleshooterOptions
{
    /// <summary>The deadline of each probe, and of reading the configuration from ARM.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public IReadOnlyList<NameResolver> Resolvers { get; init; } = [NameResolver.System];
    public ProxySelection Proxy { get; init; } = ProxySelection.Default;
    public ProxyMode ProxyMode { get; init; } = ProxyMode.Default;

    /// <summary>The credential the chain chose, for ARM and the registry's token exchange; null when there is none.</summary>
    public AzureCredential? Credential { get; init; }
    public AzureCloudEnvironment Environment { get; init; } = AzureCloudEnvironment.AzureCloud;
    public RepositoryReference? Repository { get; init; }

    /// <summary>The subnet the client runs in (<c>-ClientSubnetId</c>); its network is read from ARM and judged per endpoint.</summary>
    public string? ClientSubnetId { get; init; }

    /// <summary>The host the diagnosis runs on and its proxy variables.</summary>
    public ClientContext Client { get; init; } = new();

    /// <summary>The process environment, to explain each endpoint's proxy decision.</summary>
    public IDictionary ProcessEnvironment { get; init; } = new Hashtable();

    /// <summary>
    /// Whether, without a subnet, the Instance Metadata Service is asked which VM this is, where one can exist
    /// (see <see cref="InstanceMetadataClient"/>). Off unless a cmdlet turns it on, so no test asks it by accident.
    /// </summary>
    public bool FindClientVirtualMachine { get; init; }

    /// <summary>What this machine shows of Azure; tests replace it.</summary>
    internal CredentialHost Host { get; init; } = CredentialHost.Current();

    /// <summary>Replaces the HTTP transport to ARM; tests pass an in-process fake.</summary>
    public HttpPipelineTransport? ArmTransport { get; init; }
    public IReadOnlyList<IDiagnosisRule> Rules { get; init; } = DiagnosisRules.All;

    /// <summary>Told the story of each diagnosis and its wire detail; nobody by default.</summary>
    internal DiagnosisLog Log { get; init; } = DiagnosisLog.None;
}

/// <summary>A registry to diagnose, and what is already known of it.</summary>
internal sealed class DiagnosisRequest
{
    public string Registry { get; init; } = "";
    public string LoginServer { get; init; } = "";

    /// <summary>The host the user gave when it is not the login server (a private link name, a regional endpoint); otherwise null.</summary>
    public string? GivenHost { get; init; }

    /// <summary>The configuration, when it was given (an export, a pipeline object): ARM is then not read.</summary>
    public RegistryNetworkConfig? Config { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceGroupName { get; init; }
    public string? SubscriptionId { get; init; }

    /// <summary>An AKS cluster whose pulls from the registry to judge: read from ARM by this ID unless <see cref="AksCluster"/> is given.</summary>
    public string? AksClusterId { get; init; }
    public AksCluster? AksCluster { get; init; }

    /// <summary>How the caller named the registry (<c>-Name</c>, a piped login server, an export...), for the story the log tells.</summary>
    internal string NamedBy { get; init; } = "the caller";
}

/// <summary>
/// Diagnoses registries: reads the configuration (unless given) within the deadline, then resolves every name
/// the client needs and tests every endpoint at once (following the pull path when a repository is known), and
/// runs the rules on what it gathered. The credential's token is fetched once and shared by every registry.
/// Network failures never throw: they are what the findings are made of.
/// </summary>
internal sealed class RegistryTroubleshooter : IDisposable
{
    // Reading the configuration may take up to the deadline and this much more (a cold start of the Azure SDK);
    // the probes that follow it get what is left of the diagnosis's deadline plus this slack.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan MinimumProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly TroubleshooterOptions options;
    private readonly DiagnosisLog log;
    private readonly Lazy<Task<CredentialState>> credential;

    // Which VM this is, asked once for every registry of a run.
    private readonly Lazy<Task<(string? ResourceId, string? Failure)>> instanceMetadata;

    public RegistryTroubleshooter(TroubleshooterOptions options)
    {
        this.options = options;
        log = options.Log;
        credential = new Lazy<Task<CredentialState>>(CheckCredentialAsync);
        TimeSpan bound = options.Timeout < InstanceMetadataClient.DefaultTimeout ? options.Timeout : InstanceMetadataClient.DefaultTimeout;
        instanceMetadata = new Lazy<Task<(string?, string?)>>(() =>
            (options.FindClientVirtualMachine ? InstanceMetadataClient.For(options.Host, bound) : null) is { } service
                ? service.GetVirtualMachineIdAsync(CancellationToken.None)
                : Task.FromResult<(string?, string?)>((null, "this host is not an Azure VM, so the Instance Metadata Service was not asked")));
    }

    /// <summary>Closes the ARM connection the diagnoses shared.</summary>
    public void Dispose()
    {
        if (credential.IsValueCreated && credential.Value.IsCompletedSuccessfully)
        {
            credential.Value.Result.Reader?.Connection.Dispose();
        }
    }

    /// <param name="progress">Told what the diagnosis is doing, for a progress bar.</param>
    public async Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, Action<string>? progress, CancellationToken cancellationToken)
    {
        DateTimeOffset startedAt = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        log.Step.Tell($"{request.LoginServer}: registry {request.Registry}, named by {request.NamedBy}{(request.GivenHost is null ? "" : $" (as {request.GivenHost})")}, in {options.Environment.Name} (ARM at {options.Environment.ResourceManagerUrl}).");
        log.Step.Tell($"{request.LoginServer}: client {options.Client}; proxy variables: {(options.Client.ProxyVariables.Count == 0 ? "none" : string.Join(", ", options.Client.ProxyVariables))}; proxy setting {options.ProxyMode}{(options.Client.EgressControllable ? "" : "; its egress address is not its own")}.");

        // The configuration is read while the endpoints already known are probed; the hosts only the
        // configuration names (other regions' data endpoints) are probed as soon as it arrives.
        // The credential is found alongside: only the ARM read and the token exchange wait for it.
        progress?.Invoke("Reading the configuration and probing the registry");
        Task<CredentialState> credentialCheck = credential.Value;
        Task<TokenCredential?> token = TokenCredentialAsync(credentialCheck);
        Task<(RegistryNetworkConfig?, ConfigurationFailure?)> reading = ReadConfigurationAsync(request, credentialCheck, cancellationToken);
        Task<ClientNetworkExamination> examining = ExamineClientNetworkAsync(credentialCheck, cancellationToken);
        Task<(AksCluster?, string?)> readingCluster = ReadClusterAsync(request, credentialCheck, cancellationToken);
        Task<IReadOnlyList<AksNodePoolNetwork>> examiningNodePools = ExamineNodePoolsAsync(readingCluster, credentialCheck, cancellationToken);
        RegistryNetworkConfig known = request.Config ?? new RegistryNetworkConfig { Name = request.Registry, LoginServer = request.LoginServer, Source = "parameters" };
        IReadOnlyList<ProbeTarget> knownTargets = ProbeTargets.For(known, options.Environment);
        Task<ProbeRound> first = ProbeAsync(knownTargets, knownTargets, token, options.Timeout, cancellationToken);

        (RegistryNetworkConfig? config, ConfigurationFailure? configFailure) = await reading.ConfigureAwait(false);
        Task<ClientNetworkExamination> examiningEndpoints = ExaminePrivateEndpointSubnetsAsync(examining, config, credentialCheck, cancellationToken);
        ProbeRound second = ProbeRound.Empty;
        IReadOnlyList<ProbeTarget> configured = knownTargets;
        if (config is not null && request.Config is null)
        {
            progress?.Invoke("Probing the endpoints the configuration names");
            configured = ProbeTargets.For(config, options.Environment);
            var untested = configured.Where(t => !knownTargets.Any(k => k.Fqdn.Equals(t.Fqdn, StringComparison.OrdinalIgnoreCase))).ToList();

            // The diagnosis as a whole keeps to one deadline and some slack: what the configuration took comes off
            // these probes' deadline (a dropped packet still gets a second at least).
            TimeSpan left = options.Timeout + Slack - clock.Elapsed;
            TimeSpan timeout = left < MinimumProbeTimeout ? MinimumProbeTimeout : left > options.Timeout ? options.Timeout : left;
            log.Step.Tell($"{request.LoginServer}: second probe round: the configuration names {untested.Count} endpoint(s) the first round did not test{(untested.Count == 0 ? "" : $" ({string.Join(", ", untested.Select(t => t.Fqdn))})")}, and every name is resolved again knowing the private endpoints; {timeout.TotalSeconds:0.#} s per probe.");
            second = await ProbeAsync(configured, untested, token, timeout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            log.Step.Tell($"{request.LoginServer}: no second probe round: {(config is null ? "the configuration was not read, so the first round's endpoints are all that is known" : "the configuration was given, so the first round tested every endpoint it names")}.");
        }

        // A name derived from the registry's name that the configuration does not use (a login server with a hash
        // suffix) is not on any client's path: its answers are dropped.
        ProbeRound firstRound = (await first.ConfigureAwait(false)).Without(knownTargets
            .Where(k => !configured.Any(t => t.Fqdn.Equals(k.Fqdn, StringComparison.OrdinalIgnoreCase)))
            .Select(k => k.Fqdn)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));
        CredentialState credentialState = await credentialCheck.ConfigureAwait(false);
        ClientNetworkExamination clientNetwork = await examiningEndpoints.ConfigureAwait(false);
        log.Step.Tell($"{request.LoginServer}: client network {clientNetwork}");
        RegistryNetworkConfig registry = config ?? known;

        // Answers given knowing the private endpoint replace the first ones; a host the first round reached by
        // following a blob redirect keeps that test (it fetched the blob, where the second round asks for /v2/).
        IReadOnlyList<DnsResolution> resolutions =
        [
            .. firstRound.Resolutions.Where(d => !second.Resolutions.Any(s => s.Fqdn.Equals(d.Fqdn, StringComparison.OrdinalIgnoreCase))),
            .. second.Resolutions,
        ];
        IReadOnlyList<EndpointTest> endpoints =
        [
            .. firstRound.Endpoints,
            .. second.Endpoints.Where(t => !firstRound.Endpoints.Any(f => f.Fqdn.Equals(t.Fqdn, StringComparison.OrdinalIgnoreCase))),
        ];

        (AksCluster? cluster, string? clusterUnread) = await readingCluster.ConfigureAwait(false);
        RegistryPullAccess? kubeletAccess = await ReadKubeletAccessAsync(cluster, config, credentialState, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AksNodePoolNetwork> nodePoolNetworks = await examiningNodePools.ConfigureAwait(false);

        progress?.Invoke("Applying the diagnosis rules");
        var hosts = resolutions.Select(d => d.Fqdn).Concat(endpoints.Select(e => e.Fqdn)).Distinct(StringComparer.OrdinalIgnoreCase);
        ClientContext client = options.Client.WithEndpointProxies(
            hosts.Select(host => EndpointProxyExplainer.Explain(host, options.Proxy, options.ProxyMode, options.ProcessEnvironment)).ToList());
        foreach (EndpointProxy decision in client.EndpointProxies)
        {
            log.Step.Tell($"{request.LoginServer}: proxy decision for {decision}.");
        }

        var observations = new DiagnosisObservations
        {
            Registry = registry.Name,
            LoginServer = registry.LoginServer,
            GivenHost = request.GivenHost,
            Environment = options.Environment,
            Config = config,
            ConfigurationFailure = configFailure,
            Dns = resolutions,
            Endpoints = endpoints,
            Client = client,
            Repository = options.Repository?.ToString(),
            CredentialUnavailable = credentialState.Unavailable,
            ClientNetwork = clientNetwork,
            AksCluster = cluster,
            NodePoolNetworks = nodePoolNetworks,
            AksClusterUnread = clusterUnread,
            KubeletAccess = kubeletAccess,
        };
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(observations, options.Rules, log);
        DiagnosisVerdict verdict = DiagnosisRules.Verdict(observations, findings);
        log.Step.Tell($"{request.LoginServer}: {verdict} after {clock.Elapsed.TotalMilliseconds:F0} ms, {resolutions.Count} name resolution(s) and {endpoints.Count} endpoint test(s).");
        return new Diagnosis
        {
            Registry = registry.Name,
            LoginServer = registry.LoginServer,
            Verdict = verdict,
            Findings = findings,
            Config = config,
            Dns = observations.Dns,
            Endpoints = endpoints,
            Client = client,
            Repository = observations.Repository,
            ClientNetwork = clientNetwork,
            AksCluster = cluster,
            NodePoolNetworks = nodePoolNetworks.Select(n => n.ToString()).ToList(),
            KubeletAccess = kubeletAccess,
            NotChecked = NotChecked(observations),
            StartedAt = startedAt,
            Duration = clock.Elapsed,
        };
    }

    private async Task<(RegistryNetworkConfig?, ConfigurationFailure?)> ReadConfigurationAsync(DiagnosisRequest request, Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        if (request.Config is not null)
        {
            log.Step.Tell($"{request.LoginServer}: configuration given ({request.Config.Source}): ARM is not read.");
            return (request.Config, null);
        }

        (RegistryNetworkConfig? config, ConfigurationFailure? failure) = await ReadConfigurationFromArmAsync(request, credentialCheck, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            log.Step.Tell($"{request.LoginServer}: configuration not read: {failure.Message}");
        }

        return (config, failure);
    }

    private async Task<(RegistryNetworkConfig?, ConfigurationFailure?)> ReadConfigurationFromArmAsync(DiagnosisRequest request, Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        // The wait for the credential comes off the read's deadline, so the diagnosis keeps to one deadline and its slack.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout + Slack - MinimumProbeTimeout / 2);
        CredentialState credentialState = await credentialCheck.ConfigureAwait(false);
        bool searchedByName = request.ResourceId is null && (request.ResourceGroupName is null || request.SubscriptionId is null);
        if (credentialState.Reader is not { } arm)
        {
            return (null, new ConfigurationFailure(ArmFailure.CredentialUnavailable, $"No Azure credential: {credentialState.Unavailable}", searchedByName));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            long requestsBefore = arm.Connection.RequestCount;
            string id = request.ResourceId
                ?? await arm.ResolveRegistryIdAsync(request.Registry, request.ResourceGroupName, request.SubscriptionId, deadline.Token).ConfigureAwait(false);
            RegistryNetworkConfig config = await arm.GetAsync(id, deadline.Token).ConfigureAwait(false);
            log.Step.Tell($"{request.LoginServer}: ARM gave the configuration of {id} in {clock.Elapsed.TotalMilliseconds:F0} ms and {arm.Connection.RequestCount - requestsBefore} request(s){(request.ResourceId is null ? $", found by name{(searchedByName ? " across the credential's subscriptions" : "")}" : "")}.");
            return (config, null);
        }
        catch (ArmReadException ex)
        {
            return (null, new ConfigurationFailure(ex.Failure, ex.Message, searchedByName) { Proxy = ex.Proxy, ProxyStatus = ex.ProxyStatus, ErrorCode = ex.ErrorCode });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ConfigurationFailure(
                ArmFailure.Unreachable,
                $"Azure Resource Manager at {options.Environment.ResourceManagerUrl} did not give the registry's configuration within {(options.Timeout + Slack - MinimumProbeTimeout / 2).TotalSeconds:0.#} s.",
                searchedByName));
        }
    }

    /// <summary>The AKS cluster asked about, as given or read from ARM within the deadline; why not, when it could not be read.</summary>
    private async Task<(AksCluster?, string?)> ReadClusterAsync(DiagnosisRequest request, Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        if (request.AksCluster is not null || request.AksClusterId is null)
        {
            return (request.AksCluster, null);
        }

        CredentialState credentialState = await credentialCheck.ConfigureAwait(false);
        if (credentialState.Aks is not { } aks)
        {
            return (null, $"no Azure credential: {credentialState.Unavailable}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout + Slack);
        try
        {
            return (await aks.GetClusterAsync(request.AksClusterId, deadline.Token).ConfigureAwait(false), null);
        }
        catch (ArmReadException ex)
        {
            return (null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"Azure Resource Manager did not give the cluster within {(options.Timeout + Slack).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The kubelet identity's role assignments on the registry, once both the cluster and the registry's configuration are known.</summary>
    private async Task<RegistryPullAccess?> ReadKubeletAccessAsync(AksCluster? cluster, RegistryNetworkConfig? config, CredentialState credentialState, CancellationToken cancellationToken)
    {
        if (cluster?.KubeletIdentity?.ObjectId is not { } principalId)
        {
            return null;
        }

        if (config is null)
        {
            return new RegistryPullAccess { Unread = "the registry's configuration (and so its resource ID) could not be read." };
        }

        if (credentialState.Aks is not { } aks)
        {
            return new RegistryPullAccess { Unread = $"no Azure credential: {credentialState.Unavailable}" };
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout + Slack);
        try
        {
            return await aks.GetPullAccessAsync(principalId, config, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegistryPullAccess { Unread = $"Azure Resource Manager did not give the role assignments within {(options.Timeout + Slack).TotalSeconds:0.#} s." };
        }
    }

    /// <summary>
    /// Each subnet the cluster's node pools run in, examined as a client's within one deadline from the cluster's read;
    /// pools in an AKS-managed VNet (no <c>vnetSubnetID</c>) have nothing to read.
    /// </summary>
    private async Task<IReadOnlyList<AksNodePoolNetwork>> ExamineNodePoolsAsync(Task<(AksCluster?, string?)> readingCluster, Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        // One deadline for the cluster's read and its subnets', as for the client's own subnet.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout + Slack);
        (AksCluster? cluster, _) = await readingCluster.ConfigureAwait(false);
        var shared = ArmAksReader.NodePoolsBySubnet(cluster);
        if (cluster is null || shared.Count == 0)
        {
            return [];
        }

        CredentialState credentialState = await credentialCheck.ConfigureAwait(false);
        if (credentialState.Aks is not { } aks || credentialState.NetworkReader is not { } reader)
        {
            return NotExamined($"there is no Azure credential to read it: {credentialState.Unavailable}");
        }

        try
        {
            return await aks.ExamineNodePoolsAsync(cluster, reader, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NotExamined($"Azure Resource Manager did not describe it within {(options.Timeout + Slack).TotalSeconds:0.#} s.");
        }

        IReadOnlyList<AksNodePoolNetwork> NotExamined(string why) =>
            shared.Select(pools => new AksNodePoolNetwork { NodePools = [.. pools], Network = ClientNetworkExamination.NotExamined($"not examined: {why}") }).ToList();
    }

    /// <summary>
    /// The client's subnet, given or found through the Instance Metadata Service (asked only with a credential to read
    /// what it names), read from ARM within the configuration's deadline; or why it was not examined.
    /// </summary>
    private async Task<ClientNetworkExamination> ExamineClientNetworkAsync(Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        // As for the configuration, the wait for the credential comes off the read's deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout + Slack - MinimumProbeTimeout / 2);
        CredentialState credentialState = await credentialCheck.ConfigureAwait(false);
        string? subnetId = options.ClientSubnetId;
        if (credentialState.NetworkReader is not { } reader)
        {
            return ClientNetworkExamination.NotExamined(subnetId is null
                ? "no client subnet was given (-ClientSubnetId), and without an Azure credential the VM this runs on cannot be looked up."
                : $"the subnet {subnetId} was given, but there is no Azure credential to read it: {credentialState.Unavailable}");
        }

        try
        {
            if (subnetId is not null)
            {
                return await reader.ExamineAsync(subnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", deadline.Token).ConfigureAwait(false);
            }

            (string? virtualMachineId, string? failure) = await instanceMetadata.Value.WaitAsync(deadline.Token).ConfigureAwait(false);
            return virtualMachineId is null
                ? ClientNetworkExamination.NotExamined($"no client subnet was given (-ClientSubnetId), and {failure}.")
                : await reader.ExamineVirtualMachineAsync(virtualMachineId, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ClientNetworkExamination.NotExamined($"Azure Resource Manager did not describe the client's network{(subnetId is null ? "" : $" (subnet {subnetId})")} in time.");
        }
    }

    /// <summary>
    /// The examined client network with the subnets of the registry's private endpoints, read alongside the second
    /// probe round within the same deadline; without them when they cannot be read in time.
    /// </summary>
    private async Task<ClientNetworkExamination> ExaminePrivateEndpointSubnetsAsync(
        Task<ClientNetworkExamination> examining, RegistryNetworkConfig? config, Task<CredentialState> credentialCheck, CancellationToken cancellationToken)
    {
        ClientNetworkExamination network = await examining.ConfigureAwait(false);
        if (!network.Examined || config is not { PrivateEndpoints.Count: > 0 } || (await credentialCheck.ConfigureAwait(false)).NetworkReader is not { } reader)
        {
            return network;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await reader.WithPrivateEndpointSubnetsAsync(network, config.PrivateEndpoints.Select(endpoint => endpoint.SubnetId).OfType<string>(), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return network;
        }
    }

    /// <summary>
    /// The chosen credential, checked once within the deadline (see <see cref="AzureCredential.CheckAsync"/>): without
    /// any credential the diagnosis goes on anonymously.
    /// </summary>
    private async Task<CredentialState> CheckCredentialAsync()
    {
        if (options.Credential is not { } chosen)
        {
            return CredentialState.None("none was found in the chain (-AccessToken, Az PowerShell, DefaultAzureCredential's sources).");
        }

        (TokenCredential? usable, string? unavailable) = await chosen.CheckAsync(options.Environment, options.Timeout).ConfigureAwait(false);
        return usable is null ? CredentialState.None(unavailable!) : Usable(usable);
    }

    private static async Task<TokenCredential?> TokenCredentialAsync(Task<CredentialState> credentialCheck) =>
        (await credentialCheck.ConfigureAwait(false)).Credential;

    private static IReadOnlyList<string> NotChecked(DiagnosisObservations o)
    {
        var notChecked = new List<string>();
        if (o.Config is null && o.ConfigurationFailure is { } failure)
        {
            notChecked.Add($"The registry's configuration (firewall, private endpoints, private DNS zone, trusted services, SKU): {failure.Message}");
        }

        if (o.Endpoints.Any(t => t.TokenStatus is TokenStatus.CredentialRequired or TokenStatus.CredentialUnavailable))
        {
            notChecked.Add($"The token exchange and the pull past it: the registry wants a credential{(o.CredentialUnavailable is null ? "" : $", and {o.CredentialUnavailable}")}");
        }

        if (!o.ClientNetwork.Examined)
        {
            string unread = string.Join(" ", o.ClientNetwork.UnreadResources.Select(u => u.Message));
            notChecked.Add($"The client's network in Azure (subnet NSGs, routes, VNet peerings and private DNS zone links): {o.ClientNetwork.Reason}{(unread.Length > 0 ? $" {unread}" : "")}");
        }

        if (o.AksClusterUnread is { } clusterUnread)
        {
            notChecked.Add($"The AKS cluster's identity and node pools: {clusterUnread}");
        }

        if (o.AksCluster is { } cluster)
        {
            if (o.KubeletAccess?.Unread is { } accessUnread)
            {
                notChecked.Add($"Whether {cluster.Name}'s kubelet identity may pull: {accessUnread}");
            }
            else if (cluster.KubeletIdentity is null)
            {
                notChecked.Add($"Whether {cluster.Name} may pull: it pulls as service principal {cluster.ServicePrincipalClientId ?? "(none given)"}, whose role assignments are not read; az aks check-acr checks them from inside the cluster.");
            }

            foreach (AksNodePoolNetwork pools in o.NodePoolNetworks.Where(n => !n.Network.Examined))
            {
                string unread = string.Join(" ", pools.Network.UnreadResources.Select(u => u.Message));
                notChecked.Add($"The network of {cluster.Name}'s node pools {pools.PoolNames} ({pools.NodePools[0].SubnetId}): {pools.Network.Reason}{(unread.Length > 0 ? $" {unread}" : "")}");
            }

            var managed = cluster.NodePools.Where(p => p.SubnetId is null).Select(p => p.Name).ToList();
            if (managed.Count > 0)
            {
                notChecked.Add($"The network of {cluster.Name}'s node pools {string.Join(", ", managed)}: AKS manages their VNet (no vnetSubnetID, kubenet or a managed VNet), so it was not examined.");
            }

            // The API server's reachability is the control plane's: nodes pull through their own subnet either way.
            notChecked.Add($"The packets from {cluster.Name}'s node pools (outbound type {cluster.OutboundType ?? "not given"}): the endpoints were probed from where this command runs, and the node pools' subnets judged against what was seen here. "
                + $"{(cluster.PrivateCluster || cluster.ApiServerVnetIntegration ? "Its private API server (or API server VNet integration) changes nothing for pulls: nodes reach the registry the same way." : "A private cluster or API server VNet integration would change nothing for pulls.")}");
        }

        if (o.Repository is null && o.Config is not { DataEndpointEnabled: true })
        {
            notChecked.Add("The host layers are fetched from (a data endpoint or blob storage): give -Repository <repository:tag> to follow a pull there.");
        }

        return notChecked;
    }

    /// <summary>Resolves the names of the targets and tests the hosts asked for, all at once.</summary>
    private async Task<ProbeRound> ProbeAsync(
        IReadOnlyList<ProbeTarget> resolve, IReadOnlyList<ProbeTarget> test, Task<TokenCredential?> token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var resolver = new RegistryNameResolver(options.Resolvers, timeout, log);
        var tester = new EndpointTester(new EndpointTestOptions
        {
            Timeout = timeout,
            Resolvers = options.Resolvers,
            Proxy = options.Proxy,
            Credential = token,
            Environment = options.Environment,
            Repository = options.Repository,
            Log = log,
        });
        var tested = new List<EndpointTest>();
        Task<IReadOnlyList<DnsResolution>[]> dns = Task.WhenAll(resolve.Select(t => resolver.ResolveAsync(t, cancellationToken)));
        Task tests = test.Count == 0
            ? Task.CompletedTask
            : tester.TestAsync(test.Select(t => new EndpointTestRequest { Target = t }).ToList(), tested.Add, cancellationToken);
        await Task.WhenAll(dns, tests).ConfigureAwait(false);
        return new ProbeRound((await dns.ConfigureAwait(false)).SelectMany(d => d).ToList(), tested);
    }

    // One reader serves every registry of a fleet, so private DNS zones shared between them are read once.
    private CredentialState Usable(TokenCredential usable)
    {
        var connection = new ArmConnection(usable, options.Environment, log, options.ArmTransport, options.Proxy);
        return new(usable, null, new ArmRegistryReader(connection), new ArmClientNetworkReader(connection), new ArmAksReader(connection));
    }

    private sealed record CredentialState(TokenCredential? Credential, string? Unavailable, ArmRegistryReader? Reader, ArmClientNetworkReader? NetworkReader, ArmAksReader? Aks)
    {
        public static CredentialState None(string why) => new(null, why, null, null, null);
    }

    private sealed record ProbeRound(IReadOnlyList<DnsResolution> Resolutions, IReadOnlyList<EndpointTest> Endpoints)
    {
        public static ProbeRound Empty { get; } = new([], []);

        public ProbeRound Without(HashSet<string> hosts) =>
            hosts.Count == 0 ? this : new(Resolutions.Where(d => !hosts.Contains(d.Fqdn)).ToList(), Endpoints.Where(t => !hosts.Contains(t.Fqdn)).ToList());
    }
}
