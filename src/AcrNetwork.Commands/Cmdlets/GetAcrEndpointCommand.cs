using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Lists every host and port a client firewall must allow to pull from a registry, with the
/// service tags that cover them: from a registry's configuration (piped from Get-AcrNetworkRule or
/// an export), or from a name and the regions it serves.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AcrEndpoint", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Get-AcrEndpoint.md")]
[OutputType(typeof(RequiredEndpoint))]
public sealed class GetAcrEndpointCommand : RegistryCmdlet
{
    private readonly HashSet<string> listed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The regions the registry serves: its home region first, then its replicas.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [ArgumentCompleter(typeof(AzureRegionCompleter))]
    [ValidatePattern("^[a-zA-Z0-9]+$")]
    public string[] Region { get; set; } = [];

    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    public SwitchParameter DataEndpointEnabled { get; set; }

    private protected override async Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegistryNetworkConfig> registries;
        try
        {
            registries = await output.OnPipelineThreadAsync<IReadOnlyList<RegistryNetworkConfig>>(() => ParameterSetName == InputObjectSet
                ? RegistryInputReader.ReadObject(InputObject, Environment)
                : [NamedRegistry(Region, DataEndpointEnabled)]).ConfigureAwait(false);
        }
        catch (CmdletInputException ex)
        {
            output.WriteError(ex.ErrorRecord);
            return;
        }

        // Rows of another cmdlet's output come many per registry: its endpoints are listed once.
        foreach (RegistryNetworkConfig registry in registries.Where(r => listed.Add(r.LoginServer)))
        {
            IReadOnlyList<RequiredEndpoint> endpoints = RequiredEndpointCatalog.For(registry, Environment);
            Log.Step.Tell($"{registry.LoginServer}: registry {registry.Name}, named by {NamedBy}, in {Environment.Name}; configuration from {registry.Source ?? "the input"}: {endpoints.Count} endpoint(s) to allow.");
            foreach (RequiredEndpoint endpoint in endpoints)
            {
                output.WriteObject(endpoint);
            }
        }
    }
}
