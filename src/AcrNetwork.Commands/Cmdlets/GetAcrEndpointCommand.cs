using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Lists every host and port a client firewall must allow to pull from a registry, with the
/// service tags that cover them: from a registry's configuration (piped from Get-AcrNetworkRule or
/// an export), or from a name and the regions it serves.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AcrEndpoint", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Get-AcrEndpoint.md")]
[OutputType(typeof(RequiredEndpoint))]
public sealed class GetAcrEndpointCommand : PSCmdlet
{
    private const string NameSet = "Name";
    private const string LoginServerSet = "LoginServer";
    private const string InputObjectSet = "InputObject";

    private readonly HashSet<string> listed = new(StringComparer.OrdinalIgnoreCase);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(RegistryNameCompleter))]
    [ValidateRegistryName]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidateNotNullOrEmpty]
    public string LoginServer { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The regions the registry serves: its home region first, then its replicas.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [ArgumentCompleter(typeof(AzureRegionCompleter))]
    [ValidatePattern("^[a-zA-Z0-9]+$")]
    public string[] Region { get; set; } = [];

    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    public SwitchParameter DataEndpointEnabled { get; set; }

    [Parameter]
    [AzureEnvironmentTransformation]
    [ArgumentCompleter(typeof(AzureEnvironmentCompleter))]
    public AzureCloudEnvironment Environment { get; set; } = AzureCloudEnvironment.AzureCloud;

    protected override void ProcessRecord()
    {
        IReadOnlyList<RegistryNetworkConfig> registries;
        try
        {
            registries = ParameterSetName switch
            {
                InputObjectSet => RegistryInputReader.ReadObject(InputObject, Environment),
                LoginServerSet => [RegistryInputReader.FromLoginServer(LoginServer, Region, DataEndpointEnabled)],
                _ => [RegistryInputReader.FromName(Name, Region, DataEndpointEnabled, Environment)],
            };
        }
        catch (CmdletInputException ex)
        {
            WriteError(ex.ErrorRecord);
            return;
        }

        // Rows of another cmdlet's output come many per registry: its endpoints are listed once.
        foreach (RegistryNetworkConfig registry in registries.Where(r => listed.Add(r.LoginServer)))
        {
            WriteObject(RequiredEndpointCatalog.For(registry, Environment), enumerateCollection: true);
        }
    }
}
