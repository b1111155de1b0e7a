using System.Management.Automation;
using System.Net;

namespace AcrNetwork.Commands;

/// <summary>
/// Resolves every name a client of a registry needs (the REST endpoint, a data endpoint per region)
/// through the system resolver and each DNS server given, side by side: CNAME chain, addresses, private
/// or public, and how each answer compares with the registry's private endpoint.
/// </summary>
[Cmdlet(VerbsDiagnostic.Resolve, "AcrPrivateDns", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Resolve-AcrPrivateDns.md")]
[OutputType(typeof(DnsResolution))]
public sealed class ResolveAcrPrivateDnsCommand : RegistryCmdlet
{
    private readonly List<ProbeTarget> targets = [];

    /// <summary>The regions whose data endpoints to resolve (the registry has dedicated data endpoints).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [ArgumentCompleter(typeof(AzureRegionCompleter))]
    [ValidatePattern("^[a-zA-Z0-9]+$")]
    public string[] Region { get; set; } = [];

    /// <summary>DNS servers to ask besides the system resolver: <c>IP</c> or <c>IP:port</c>.</summary>
    [Parameter]
    [DnsServerTransformation]
    public IPEndPoint[] DnsServer { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 300)]
    public int TimeoutSec { get; set; } = 5;

    [Parameter]
    [AzureEnvironmentTransformation]
    [ArgumentCompleter(typeof(AzureEnvironmentCompleter))]
    public override AzureCloudEnvironment Environment { get; set; } = AzureCloudEnvironment.AzureCloud;

    private protected override async Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        IReadOnlyList<EndpointTestRequest> requests = await ProbeRequestsAsync(output, Region).ConfigureAwait(false);
        targets.AddRange(requests.Select(r => r.Target));
    }

    private protected override async Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        var resolver = new RegistryNameResolver(NameResolver.SystemAnd(DnsServer), TimeSpan.FromSeconds(TimeoutSec), Log);
        List<ProbeTarget> distinct = targets.DistinctBy(t => t.Fqdn, StringComparer.OrdinalIgnoreCase).ToList();
        output.WriteVerbose($"Resolving {distinct.Count} name(s) through {string.Join(", ", NameResolver.SystemAnd(DnsServer))}.");

        // Every name through every resolver at once; written in the order asked, each name's resolvers side by side.
        List<Task<IReadOnlyList<DnsResolution>>> lookups = distinct.Select(t => resolver.ResolveAsync(t, cancellationToken)).ToList();
        foreach (Task<IReadOnlyList<DnsResolution>> lookup in lookups)
        {
            foreach (DnsResolution resolution in await lookup.ConfigureAwait(false))
            {
                output.WriteObject(resolution);
            }
        }
    }
}
