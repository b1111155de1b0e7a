using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrNetwork;

/// <summary>
/// The client network of Resolve-AcrPrivateDns and Test-AcrEndpoint: the subnet given with <c>-ClientSubnetId</c>, or
/// on a host that shows it is an Azure VM the VM the Instance Metadata Service names (its NIC's effective rules and
/// routes too). Read from ARM once per command, alongside the probes, with each registry's configuration (unless given)
/// and its private endpoints' subnets once per registry, each read within the probe deadline and some slack.
/// </summary>
internal sealed class ClientNetworkExaminer : IDisposable
{
    // As for a diagnosis: a cold start of the Azure SDK may take this much more than the deadline.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private readonly string? subnetId;
    private readonly InstanceMetadataClient? instanceMetadata;
    private readonly TimeSpan deadline;
    private readonly DiagnosisLog log;
    private readonly Lazy<Task<Readers>> readers;
    private readonly Lazy<Task<ClientNetworkExamination?>> network;
    private readonly ConcurrentDictionary<string, Lazy<Task<ClientNetworkView>>> registries = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="credential">The credential the chain chose; null when there is none.</param>
    /// <param name="subnetId">The subnet given; null to ask <paramref name="instanceMetadata"/> which VM this is.</param>
    /// <param name="transport">Replaces the HTTP transport to ARM; tests pass an in-process fake.</param>
    public ClientNetworkExaminer(
        AzureCredential? credential,
        AzureCloudEnvironment environment,
        string? subnetId,
        InstanceMetadataClient? instanceMetadata,
        TimeSpan timeout,
        ProxySelection proxy,
        DiagnosisLog log,
        HttpPipelineTransport? transport = null)
    {
        this.subnetId = subnetId;
        this.instanceMetadata = instanceMetadata;
        this.log = log;
        deadline = timeout + Slack;
        readers = new Lazy<Task<Readers>>(async () =>
        {
            if (credential is null)
            {
                return new Readers(null, null, null, "no credential was found in the chain (-AccessToken, Az PowerShell, DefaultAzureCredential's sources).");
            }

            (TokenCredential? usable, string? unavailable) = await credential.CheckAsync(environment, timeout).ConfigureAwait(false);
            if (usable is null)
            {
                return new Readers(null, null, null, unavailable);
            }

            var connection = new ArmConnection(usable, environment, log, transport, proxy);
            return new Readers(connection, new ArmRegistryReader(connection), new ArmClientNetworkReader(connection), null);
        });
        network = new Lazy<Task<ClientNetworkExamination?>>(() => ExamineAsync(CancellationToken.None));
    }

    /// <summary>The client network judged for one registry: with the registry's configuration (given, or read by name) and its private endpoints' subnets.</summary>
    public Task<ClientNetworkView> ForRegistryAsync(string registry, RegistryNetworkConfig? given, CancellationToken cancellationToken) =>
        registries.GetOrAdd(registry, _ => new Lazy<Task<ClientNetworkView>>(() => ViewAsync(registry, given, cancellationToken))).Value;

    /// <summary>Closes the ARM connection the reads shared.</summary>
    public void Dispose()
    {
        if (readers.IsValueCreated && readers.Value.IsCompletedSuccessfully)
        {
            readers.Value.Result.Connection?.Dispose();
        }
    }

    /// <summary>The client network, or null when no subnet was given and this is no VM the Instance Metadata Service names: then nothing is judged.</summary>
    private async Task<ClientNetworkExamination?> ExamineAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline);
        string? virtualMachineId = null;
        if (subnetId is null)
        {
            (virtualMachineId, string? failure) = instanceMetadata is null
                ? (null, "this host is not an Azure VM")
                : await instanceMetadata.GetVirtualMachineIdAsync(limit.Token).ConfigureAwait(false);
            if (virtualMachineId is null)
            {
                log.Step.Tell($"Client network: not judged: no client subnet was given (-ClientSubnetId), and {failure}.");
                return null;
            }
        }

        Readers arm = await readers.Value.ConfigureAwait(false);
        string what = subnetId is null ? $"the VM {AzureResourceId.Parse(virtualMachineId!).Name} the Instance Metadata Service names" : $"the subnet {subnetId}";
        ClientNetworkExamination examination;
        try
        {
            examination = arm.Network is null
                ? ClientNetworkExamination.NotExamined($"{what} {(subnetId is null ? "is known" : "was given")}, but there is no Azure credential to read it: {arm.Unavailable}")
                : subnetId is null
                    ? await arm.Network.ExamineVirtualMachineAsync(virtualMachineId!, limit.Token).ConfigureAwait(false)
                    : await arm.Network.ExamineAsync(subnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            examination = ClientNetworkExamination.NotExamined($"Azure Resource Manager did not describe {what} within {deadline.TotalSeconds:0.#} s.");
        }

        string unread = string.Join(" ", examination.UnreadResources.Select(u => u.Message));
        log.Step.Tell($"Client network: {examination}{(unread.Length > 0 ? $"; not read: {unread}" : "")}");
        return examination;
    }

    private async Task<ClientNetworkView> ViewAsync(string registry, RegistryNetworkConfig? given, CancellationToken cancellationToken)
    {
        ClientNetworkExamination? examined = await network.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (examined is null)
        {
            return new ClientNetworkView(null, given, null);
        }

        Readers arm = await readers.Value.ConfigureAwait(false);
        if (!examined.Examined || arm.Registry is null || arm.Network is null)
        {
            return new ClientNetworkView(examined, given, given is null ? "the client network was not examined." : null);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline);
        try
        {
            RegistryNetworkConfig config = given ?? await arm.Registry.GetAsync(
                await arm.Registry.ResolveRegistryIdAsync(registry, null, null, limit.Token).ConfigureAwait(false), limit.Token).ConfigureAwait(false);
            ClientNetworkExamination withEndpoints = await arm.Network.WithPrivateEndpointSubnetsAsync(
                examined, config.PrivateEndpoints.Select(endpoint => endpoint.SubnetId).OfType<string>(), limit.Token).ConfigureAwait(false);
            log.Step.Tell($"Client network for {registry}: configuration {(given is null ? "read from ARM" : $"given ({given.Source})")}, {config.PrivateEndpoints.Count} private endpoint(s), {config.PrivateDnsZones.Count} private DNS zone(s).");
            return new ClientNetworkView(withEndpoints, config, null);
        }
        catch (ArmReadException ex)
        {
            log.Step.Tell($"Client network for {registry}: the configuration was not read: {ex.Message}");
            return new ClientNetworkView(examined, null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string why = $"Azure Resource Manager did not give {registry}'s configuration and its private endpoints' subnets within {deadline.TotalSeconds:0.#} s.";
            log.Step.Tell($"Client network for {registry}: {why}");
            return new ClientNetworkView(examined, given, given is null ? why : null);
        }
    }

    private sealed record Readers(ArmConnection? Connection, ArmRegistryReader? Registry, ArmClientNetworkReader? Network, string? Unavailable);
}

/// <summary>
/// The client network as judged for one registry, and the registry's configuration it was judged with; without a
/// network (no subnet given, no VM found) nothing is judged and the answers and tests are written as they are.
/// </summary>
internal sealed record ClientNetworkView(ClientNetworkExamination? Network, RegistryNetworkConfig? Config, string? ConfigUnread)
{
    public DnsResolution Judge(DnsResolution resolution) =>
        Network is null ? resolution : resolution.WithZoneLink(ClientNetworkJudgement.ZoneLinkOf(Network, Config, ConfigUnread));

    public EndpointTest Judge(EndpointTest test) =>
        Network is null ? test : test.WithClientPath(ClientNetworkJudgement.PathOf(Network, Config, test));
}
