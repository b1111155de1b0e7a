using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Base for the cmdlets that take a registry: <c>-Name</c>, <c>-LoginServer</c> and <c>-InputObject</c>, each in its
/// own parameter set, and the cloud they are in (<c>-Environment</c>), declared, bound, validated and read once so that
/// every cmdlet names a registry the same way.
/// </summary>
public abstract class RegistryCmdlet : AsyncPSCmdlet
{
    protected const string NameSet = "Name";
    protected const string LoginServerSet = "LoginServer";
    protected const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(RegistryNameCompleter))]
    [ValidateRegistryName]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidateNotNullOrEmpty]
    public string LoginServer { get; set; } = "";

    /// <summary>Names, login servers, exports, Az registry objects, or this module's own output objects.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The cloud: where ARM is, and the host names a name or an export leaves out.</summary>
    [Parameter]
    [AzureEnvironmentTransformation]
    [ArgumentCompleter(typeof(AzureEnvironmentCompleter))]
    public AzureCloudEnvironment Environment { get; set; } = AzureCloudEnvironment.AzureCloud;

    /// <summary>How this record names its registry (<c>-Name</c>, a piped object...), for the story the log tells.</summary>
    private protected string NamedBy => ParameterSetName switch
    {
        NameSet => "-Name",
        LoginServerSet => "-LoginServer",
        InputObjectSet => Piped(InputObject),
        _ => $"-{ParameterSetName}",
    };

    private protected static string Piped(PSObject input) =>
        input.BaseObject is string ? "a piped name or login server" : $"a piped {input.TypeNames.FirstOrDefault()}";

    /// <summary>
    /// The registry -Name or -LoginServer names, serving the given regions (home region first); refuses a login
    /// server that is not one with a <see cref="CmdletInputException"/>.
    /// </summary>
    private protected RegistryNetworkConfig NamedRegistry(IReadOnlyList<string> regions, bool dataEndpointEnabled) => ParameterSetName == LoginServerSet
        ? RegistryInputReader.FromLoginServer(LoginServer, regions, dataEndpointEnabled, Environment)
        : RegistryInputReader.FromName(Name, regions, dataEndpointEnabled, Environment);

    /// <summary>
    /// The endpoints to probe that this record names (a piped row of another cmdlet's output stands for its own
    /// endpoint); an input that cannot be read is written as an error and gives none.
    /// </summary>
    private protected async Task<IReadOnlyList<EndpointTestRequest>> ProbeRequestsAsync(CmdletOutput output, IReadOnlyList<string> regions)
    {
        try
        {
            IReadOnlyList<EndpointTestRequest> requests = await output.OnPipelineThreadAsync(() =>
            {
                if (ParameterSetName != InputObjectSet)
                {
                    return ProbeInputReader.ForRegistries([NamedRegistry(regions, regions.Count > 0)], Environment, given: false);
                }

                if (ProbeInputReader.WhyNotProbed(InputObject) is { } reason)
                {
                    WriteWarning(reason);
                }

                return ProbeInputReader.Read(InputObject, Environment);
            }).ConfigureAwait(false);
            foreach (IGrouping<string, EndpointTestRequest> registry in requests.GroupBy(r => r.Target.LoginServer))
            {
                Log.Step.Tell($"{registry.Key}: registry {registry.First().Target.Registry}, named by {NamedBy}, in {Environment.Name}: {string.Join(", ", registry.Select(r => $"{r.Target.Fqdn} ({r.Target.Role})"))}.");
            }

            return requests;
        }
        catch (CmdletInputException ex)
        {
            output.WriteError(ex.ErrorRecord);
            return [];
        }
    }
}
