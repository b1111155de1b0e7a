using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Resolves every name a client of a registry needs (the REST endpoint, a data endpoint per region)
/// through the system resolver and each DNS server given, side by side: CNAME chain, addresses, private
/// or public, and how each answer compares with the registry's private endpoint. With -ClientSubnetId, whether
/// the client's DNS (Azure DNS in its VNet, or its custom DNS servers) can see the registry's private DNS zone.
/// </summary>
[Cmdlet(VerbsDiagnostic.Resolve, "AcrPrivateDns", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Resolve-AcrPrivateDns.md")]
[OutputType(typeof(DnsResolution))]
public sealed class ResolveAcrPrivateDnsCommand : ProbingCmdlet
{
    private readonly List<EndpointTestRequest> requests = [];

    /// <summary>The regions whose data endpoints to resolve (the registry has dedicated data endpoints).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [ArgumentCompleter(typeof(AzureRegionCompleter))]
    [ValidatePattern("^[a-zA-Z0-9]+$")]
    public string[] Region { get; set; } = [];

    private protected override async Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken) =>
        requests.AddRange(await ProbeRequestsAsync(output, Region).ConfigureAwait(false));

    private protected override async Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        // Without -ClientSubnetId the client network is judged only on a host that shows it is an Azure VM.
        InstanceMetadataClient? instanceMetadata = ClientSubnetId is null ? InstanceMetadataClient.OnVirtualMachine(CredentialHost.Current()) : null;
        if ((ClientSubnetId is null && instanceMetadata is null) || requests.Count == 0)
        {
            await ResolveAllAsync(output, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The chain may read the Az PowerShell context, which lives in this runspace.
        AzureCredential credential = await output.OnPipelineThreadAsync(() => AzureCredentialResolver.Resolve(this, AccessToken, Environment)).ConfigureAwait(false);
        using var examiner = new ClientNetworkExaminer(credential, Environment, ClientSubnetId, instanceMetadata, TimeSpan.FromSeconds(TimeoutSec), ProxySelection.Default, Log);
        await AzureCredentialResolver.RunReportingAsync(credential, Environment, output, () => ResolveAllAsync(output, examiner, cancellationToken)).ConfigureAwait(false);
    }

    private async Task ResolveAllAsync(CmdletOutput output, ClientNetworkExaminer? examiner, CancellationToken cancellationToken)
    {
        var resolver = new RegistryNameResolver(NameResolver.SystemAnd(DnsServer), TimeSpan.FromSeconds(TimeoutSec), Log);
        List<ProbeTarget> distinct = requests.Select(r => r.Target).DistinctBy(t => t.Fqdn, StringComparer.OrdinalIgnoreCase).ToList();
        output.WriteVerbose($"Resolving {distinct.Count} name(s) through {string.Join(", ", NameResolver.SystemAnd(DnsServer))}{(examiner is null ? "" : $", and reading the client network of {ClientSubnetId ?? "the VM this runs on"}")}.");

        // Every name through every resolver at once, and the client network alongside; written in the order asked,
        // each name's resolvers side by side.
        Dictionary<string, Task<ClientNetworkView>> views = examiner is null
            ? []
            : requests.DistinctBy(r => r.Target.Registry, StringComparer.OrdinalIgnoreCase).ToDictionary(
                r => r.Target.Registry, r => examiner.ForRegistryAsync(r.Target.Registry, r.Config, cancellationToken), StringComparer.OrdinalIgnoreCase);
        List<Task<IReadOnlyList<DnsResolution>>> lookups = distinct.Select(t => resolver.ResolveAsync(t, cancellationToken)).ToList();
        foreach (Task<IReadOnlyList<DnsResolution>> lookup in lookups)
        {
            foreach (DnsResolution resolution in await lookup.ConfigureAwait(false))
            {
                output.WriteObject(views.TryGetValue(resolution.Registry, out Task<ClientNetworkView>? view)
                    ? (await view.ConfigureAwait(false)).Judge(resolution)
                    : resolution);
            }
        }
    }
}
