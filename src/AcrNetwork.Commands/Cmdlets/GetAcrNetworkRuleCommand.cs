using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Text;

namespace AcrNetwork.Commands;

/// <summary>
/// Gets a registry's network configuration. Offline, from an export: a JSON file
/// (<c>az acr show -o json</c>, an ARM payload, ConvertTo-Json of this cmdlet's output) or an object
/// piped from Get-AzContainerRegistry, ConvertFrom-Json or Import-Clixml.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AcrNetworkRule", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(RegistryNetworkConfig))]
public sealed class GetAcrNetworkRuleCommand : AsyncPSCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly List<RegistryInput> pending = [];
    private readonly StringBuilder jsonText = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The cloud, for the host names an export leaves out (a name without a login server).</summary>
    [Parameter]
    [AzureEnvironmentTransformation]
    [ArgumentCompleter(typeof(AzureEnvironmentCompleter))]
    public AzureCloudEnvironment Environment { get; set; } = AzureCloudEnvironment.AzureCloud;

    protected override void ProcessRecord()
    {
        // Paths and PowerShell objects are read here, on the pipeline thread that owns the runspace.
        pending.Clear();
        switch (ParameterSetName)
        {
            case PathSet:
                ResolvePaths(Path, literal: false);
                break;
            case LiteralPathSet:
                ResolvePaths(LiteralPath, literal: true);
                break;
            default:
                QueueInputObject(InputObject);
                break;
        }

        base.ProcessRecord();
    }

    protected override Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken) =>
        WriteRegistriesAsync(pending, output, cancellationToken);

    protected override Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        // Native commands pipe text line by line: `az acr show -o json | Get-AcrNetworkRule` arrives
        // as many strings that only parse together.
        if (jsonText.Length == 0)
        {
            return Task.CompletedTask;
        }

        return WriteRegistriesAsync([RegistryInput.FromText(jsonText.ToString())], output, cancellationToken);
    }

    private async Task WriteRegistriesAsync(IReadOnlyList<RegistryInput> inputs, CmdletOutput output, CancellationToken cancellationToken)
    {
        foreach (RegistryInput input in inputs)
        {
            try
            {
                foreach (RegistryNetworkConfig registry in await input.ReadAsync(Environment, cancellationToken).ConfigureAwait(false))
                {
                    output.WriteObject(registry);
                }
            }
            catch (CmdletInputException ex)
            {
                output.WriteError(ex.ErrorRecord);
            }
        }
    }

    private void QueueInputObject(PSObject input)
    {
        switch (input.BaseObject)
        {
            case string text when jsonText.Length > 0 || RegistryInputReader.LooksLikeJson(text):
                jsonText.AppendLine(text);
                break;
            case FileInfo file:
                pending.Add(RegistryInput.FromFile(file.FullName));
                break;
            default:
                try
                {
                    pending.Add(RegistryInput.FromRegistries(RegistryInputReader.ReadObject(input, Environment)));
                }
                catch (CmdletInputException ex)
                {
                    WriteError(ex.ErrorRecord);
                }

                break;
        }
    }

    private void ResolvePaths(IEnumerable<string> paths, bool literal)
    {
        foreach (string path in paths)
        {
            try
            {
                if (literal)
                {
                    pending.Add(RegistryInput.FromFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path)));
                    continue;
                }

                Collection<string> resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
                pending.AddRange(resolved.Select(RegistryInput.FromFile));
            }
            catch (ItemNotFoundException)
            {
                WriteError(AcrErrors.InputFileNotFound(path));
            }
        }
    }

    /// <summary>One input to read: a file, JSON text, or registries already read from an object.</summary>
    private sealed record RegistryInput(Func<AzureCloudEnvironment, CancellationToken, Task<IReadOnlyList<RegistryNetworkConfig>>> ReadAsync)
    {
        public static RegistryInput FromFile(string path) => new((environment, token) => File.Exists(path)
            ? RegistryInputReader.ReadFileAsync(path, environment, token)
            : throw new CmdletInputException(AcrErrors.InputFileNotFound(path)));

        public static RegistryInput FromText(string json) =>
            new((environment, _) => Task.FromResult(RegistryInputReader.ReadText(json, environment)));

        public static RegistryInput FromRegistries(IReadOnlyList<RegistryNetworkConfig> registries) =>
            new((_, _) => Task.FromResult(registries));
    }
}
