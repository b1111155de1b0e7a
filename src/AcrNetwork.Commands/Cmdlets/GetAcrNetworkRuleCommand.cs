using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Gets a registry's network configuration: from Azure Resource Manager by name, login server or
/// resource ID, or every registry the identity can see (-All, through Resource Graph), with its
/// private endpoints' addresses, DNS zone groups and private DNS zones; or offline, from an export:
/// a JSON file (<c>az acr show -o json</c>, an ARM payload, ConvertTo-Json of this cmdlet's output)
/// or an object piped from Get-AzContainerRegistry, ConvertFrom-Json or Import-Clixml.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AcrNetworkRule", DefaultParameterSetName = InputObjectSet, HelpUri = HelpLinks.CmdletHelp + "Get-AcrNetworkRule.md")]
[OutputType(typeof(RegistryNetworkConfig))]
public sealed class GetAcrNetworkRuleCommand : RegistryCmdlet
{
    private const string ResourceIdSet = "ResourceId";
    private const string AllSet = "All";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly List<RegistryInput> pending = [];
    private readonly PipedJsonText jsonText = new();
    private readonly Stopwatch armTime = new();
    private readonly HashSet<string> referenced = new(StringComparer.OrdinalIgnoreCase);
    private ArmRegistryReader? armReader;
    private AzureCredential? armCredential;
    private bool credentialReported;
    private string? loginServerName;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidatePattern(@"^[-\w._()]{1,90}$")]
    public string? ResourceGroupName { get; set; }

    /// <summary>With -Name or -LoginServer, where the registry is; with -All, the one subscription to list.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [Parameter(ParameterSetName = AllSet)]
    [ValidateSubscriptionId]
    public string? SubscriptionId { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
    [ValidateRegistryResourceId]
    public string ResourceId { get; set; } = "";

    /// <summary>Every registry the identity can see, across subscriptions, through Azure Resource Graph.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <summary>An ARM access token (string or SecureString); otherwise the Az context or DefaultAzureCredential.</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [Parameter(ParameterSetName = ResourceIdSet)]
    [Parameter(ParameterSetName = AllSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [SecureStringTransformation]
    public SecureString? AccessToken { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    private protected override async Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        if (await output.OnPipelineThreadAsync(ReadRecord).ConfigureAwait(false))
        {
            await ReadAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Paths, PowerShell objects and the Az context are read on the pipeline thread, which owns the runspace.</summary>
    private bool ReadRecord()
    {
        pending.Clear();
        if (ParameterSetName == LoginServerSet)
        {
            try
            {
                // The registry's name is in the login server's first label (myregistry.azurecr.io, myregistry-<hash>.azurecr.io).
                loginServerName = NamedRegistry([], dataEndpointEnabled: false).Name;
            }
            catch (CmdletInputException ex)
            {
                WriteError(ex.ErrorRecord);
                return false;
            }
        }

        switch (ParameterSetName)
        {
            case NameSet or LoginServerSet or ResourceIdSet or AllSet:
                // The Az PowerShell step of the credential chain runs in this runspace, so here.
                if (armReader is null)
                {
                    armCredential = AzureCredentialResolver.Resolve(this, AccessToken, Environment);
                    armReader = new ArmRegistryReader(new ArmConnection(armCredential.Credential, Environment, Log));
                }

                break;
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

        return true;
    }

    private Task ReadAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        Task Read() => ParameterSetName switch
        {
            NameSet => ReadFromArmAsync(Name, reader => ReadByNameAsync(reader, Name, cancellationToken), output),
            LoginServerSet => ReadFromArmAsync(LoginServer, reader => ReadByNameAsync(reader, loginServerName!, cancellationToken), output),
            ResourceIdSet => ReadFromArmAsync(ResourceId, reader => reader.GetAsync(ResourceId, cancellationToken), output),
            AllSet => ReadFromArmAsync("-All", reader => reader.GetAllAsync(SubscriptionId, cancellationToken), output),
            _ => WriteRegistriesAsync(pending, output, cancellationToken),
        };

        // Where the credential came from is said once, with the first read that needs it.
        if (armCredential is null || credentialReported)
        {
            return Read();
        }

        credentialReported = true;
        return AzureCredentialResolver.RunReportingAsync(armCredential, Environment, output, Read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            armReader?.Connection.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        if (armReader is not null)
        {
            output.WriteVerbose($"Azure Resource Manager: {armReader.Connection.RequestCount} HTTP requests in {armTime.Elapsed.TotalMilliseconds:F0} ms.");
        }

        return jsonText.Text is { } json ? WriteRegistriesAsync([RegistryInput.FromText(json)], output, cancellationToken) : Task.CompletedTask;
    }

    private async Task<RegistryNetworkConfig> ReadByNameAsync(ArmRegistryReader reader, string name, CancellationToken cancellationToken) =>
        await reader.GetAsync(await reader.ResolveRegistryIdAsync(name, ResourceGroupName, SubscriptionId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async IAsyncEnumerable<RegistryNetworkConfig> OneAsync(Task<RegistryNetworkConfig> read)
    {
        yield return await read.ConfigureAwait(false);
    }

    private async Task ReadFromArmAsync(object target, Func<ArmRegistryReader, IAsyncEnumerable<RegistryNetworkConfig>> read, CmdletOutput output)
    {
        armTime.Start();
        Log.Step.Tell($"Reading {target} (named by {NamedBy}) from Azure Resource Manager at {Environment.ResourceManagerUrl}.");
        try
        {
            await foreach (RegistryNetworkConfig registry in read(armReader!).ConfigureAwait(false))
            {
                Log.Step.Tell($"{registry.LoginServer}: configuration of {registry.Name} read from {registry.Source}; {armReader!.Connection.RequestCount} ARM request(s) so far.");
                foreach (UnreadResource unread in registry.UnreadResources)
                {
                    output.WriteWarning($"{registry.Name}: could not read the {unread.Role} {unread.ResourceId} ({unread.Message}) The configuration returned is partial.");
                }

                output.WriteObject(registry);
            }
        }
        catch (ArmReadException ex)
        {
            output.WriteError(AcrErrors.ArmReadFailed(ex, target));
        }
        finally
        {
            armTime.Stop();
        }
    }

    private Task ReadFromArmAsync(object target, Func<ArmRegistryReader, Task<RegistryNetworkConfig>> read, CmdletOutput output) =>
        ReadFromArmAsync(target, reader => OneAsync(read(reader)), output);

    private async Task WriteRegistriesAsync(IReadOnlyList<RegistryInput> inputs, CmdletOutput output, CancellationToken cancellationToken)
    {
        foreach (RegistryInput input in inputs)
        {
            try
            {
                foreach (RegistryNetworkConfig registry in await input.ReadAsync(Environment, cancellationToken).ConfigureAwait(false))
                {
                    Log.Step.Tell($"{registry.LoginServer}: configuration of {registry.Name} read from {registry.Source}.");
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
            case var value when jsonText.TryAppend(value):
                break;
            case FileInfo file:
                pending.Add(RegistryInput.FromFile(file.FullName));
                break;
            default:
                try
                {
                    if (RegistryInputReader.ReferenceOf(input.BaseObject, Environment) is { } reference)
                    {
                        // A name, a login server, or a row of another cmdlet's output: read from ARM once per registry.
                        QueueArmRead(reference);
                    }
                    else
                    {
                        pending.Add(RegistryInput.FromRegistries(RegistryInputReader.ReadObject(input, Environment)));
                    }
                }
                catch (CmdletInputException ex)
                {
                    WriteError(ex.ErrorRecord);
                }

                break;
        }
    }

    private void QueueArmRead(RegistryReference reference)
    {
        if (!referenced.Add(reference.LoginServer))
        {
            return;
        }

        armReader ??= new ArmRegistryReader(new ArmConnection(AzureCredentialResolver.Resolve(this, AccessToken, Environment).Credential, Environment, Log));
        ArmRegistryReader reader = armReader;
        pending.Add(RegistryInput.FromArm(reference, token => ReadByNameAsync(reader, reference.Name, token)));
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

        public static RegistryInput FromArm(RegistryReference reference, Func<CancellationToken, Task<RegistryNetworkConfig>> read) => new(async (_, token) =>
        {
            try
            {
                return [await read(token).ConfigureAwait(false)];
            }
            catch (ArmReadException ex)
            {
                throw new CmdletInputException(AcrErrors.ArmReadFailed(ex, reference.Name));
            }
        });

        public static RegistryInput FromRegistries(IReadOnlyList<RegistryNetworkConfig> registries) =>
            new((_, _) => Task.FromResult(registries));
    }
}
