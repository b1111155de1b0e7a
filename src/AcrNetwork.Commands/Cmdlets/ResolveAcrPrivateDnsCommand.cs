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
public sealed class ResolveAcrPrivateDnsCommand : AsyncPSCmdlet
{
    private const string NameSet = "Name";
    private const string LoginServerSet = "LoginServer";
    private const string InputObjectSet = "InputObject";

    private readonly List<ProbeTarget> targets = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(RegistryNameCompleter))]
    [ValidateRegistryName]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidateNotNullOrEmpty]
    public string LoginServer { get; set; } = "";

    /// <summary>A RegistryNetworkConfig, an export or Az object, or the module's DnsResolution, EndpointTest or RequiredEndpoint objects.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject InputObject { get; set; } = null!;

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
    public AzureCloudEnvironment Environment { get; set; } = AzureCloudEnvironment.AzureCloud;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet && ProbeInputReader.WhyNotProbed(InputObject) is { } reason)
        {
            WriteWarning(reason);
        }

        try
        {
            IReadOnlyList<EndpointTestRequest> requests = ParameterSetName switch
            {
                InputObjectSet => ProbeInputReader.Read(InputObject, Environment),
                LoginServerSet => ProbeInputReader.ForRegistries([RegistryInputReader.FromLoginServer(LoginServer, Region, Region.Length > 0)], Environment),
                _ => ProbeInputReader.ForRegistries([RegistryInputReader.FromName(Name, Region, Region.Length > 0, Environment)], Environment),
            };
            targets.AddRange(requests.Select(r => r.Target));
        }
        catch (CmdletInputException ex)
        {
            WriteError(ex.ErrorRecord);
        }
    }

    protected override async Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        var resolver = new RegistryNameResolver(NameResolver.SystemAnd(DnsServer), TimeSpan.FromSeconds(TimeoutSec));
        List<ProbeTarget> distinct = targets.DistinctBy(t => t.Fqdn, StringComparer.OrdinalIgnoreCase).ToList();
        output.WriteVerbose($"Resolving {distinct.Count} name(s) through {string.Join(", ", NameResolver.SystemAnd(DnsServer))}.");

        // Every name through every resolver at once; written in the order asked, each name's resolvers side by side.
        List<Task<IReadOnlyList<DnsResolution>>> lookups = distinct.Select(t => resolver.ResolveAsync(t, cancellationToken)).ToList();
        foreach (Task<IReadOnlyList<DnsResolution>> lookup in lookups)
        {
            foreach (DnsResolution resolution in await lookup.ConfigureAwait(false))
            {
                output.WriteVerbose($"{resolution.Fqdn} via {resolution.Resolver}: {resolution.Status} in {resolution.ElapsedMs} ms. {resolution.Message}");
                output.WriteObject(resolution);
            }
        }
    }
}
