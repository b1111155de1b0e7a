using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Diagnoses why this client cannot reach a registry: reads its network configuration (from ARM, or as piped),
/// resolves every name and tests every endpoint a pull needs (following the pull path with -Repository), notes
/// where this session runs and which proxy each endpoint goes through, and names the cause with its evidence and
/// fix. One diagnosis per registry; many registries are diagnosed at once, at most -ThrottleLimit at a time.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "AcrTroubleshooter", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Invoke-AcrTroubleshooter.md")]
[OutputType(typeof(Diagnosis))]
public sealed class InvokeAcrTroubleshooterCommand : ConnectingCmdlet
{
    private const string ResourceIdSet = "ResourceId";

    private readonly List<Func<CancellationToken, Task<IReadOnlyList<DiagnosisRequest>>>> inputs = [];
    private readonly PipedJsonText jsonText = new();
    private readonly List<Diagnosis> failed = [];
    private readonly HashSet<string> referenced = new(StringComparer.OrdinalIgnoreCase);
    private AzureCredential? credential;
    private ClientContext? client;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidatePattern(@"^[-\w._()]{1,90}$")]
    public string? ResourceGroupName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LoginServerSet)]
    [ValidateSubscriptionId]
    public string? SubscriptionId { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
    [ValidateRegistryResourceId]
    public string ResourceId { get; set; } = "";

    /// <summary>
    /// An AKS cluster whose pulls from the registry to judge: its kubelet identity's roles on the registry, and its node
    /// pools. A cluster piped in (Get-AzAksCluster, az aks show -o json) is judged against the registries it is attached to.
    /// </summary>
    [Parameter]
    [ValidateAksClusterId]
    public string? AksClusterId { get; set; }

    /// <summary>An image whose pull to follow (manifest, a blob, the host it is redirected to): <c>repository[:tag]</c> or <c>repository@digest</c>.</summary>
    [Parameter]
    [RepositoryReferenceTransformation]
    [ArgumentCompleter(typeof(RepositoryNameCompleter))]
    public RepositoryReference? Repository { get; set; }

    /// <summary>For runbooks: an Error finding ends the command with a terminating error, after every diagnosis is written.</summary>
    [Parameter]
    public SwitchParameter FailOnError { get; set; }

    private protected override Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken) => output.OnPipelineThreadAsync(ReadRecord);

    /// <summary>Objects and the Az PowerShell context are read on the pipeline thread, which owns the runspace.</summary>
    private void ReadRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case NameSet:
                    Add(Named(Name));
                    break;
                case LoginServerSet:
                    Add(ByLoginServer(LoginServer));
                    break;
                case ResourceIdSet:
                    // Validated at binding: the registry's name is the ID's last segment.
                    string name = ResourceId.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
                    EnsureContext();
                    Add(new DiagnosisRequest { Registry = name, LoginServer = RegistryNames.LoginServer(name, Environment), ResourceId = ResourceId, AksClusterId = AksClusterId, NamedBy = NamedBy });
                    break;
                default:
                    QueueInputObject(InputObject);
                    break;
            }
        }
        catch (CmdletInputException ex)
        {
            WriteError(ex.ErrorRecord);
        }
    }

    private protected override async Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        if (jsonText.Text is { } json)
        {
            inputs.Add(AksClusterParser.IsCluster(ParseOrNull(json))
                ? token => AttachedRegistriesAsync(AksClusterParser.Parse(ParseOrNull(json)!, "az aks show output"), token)
                : _ => Task.FromResult(Given(RegistryInputReader.ReadText(json, Environment), "an export piped as JSON text")));
        }

        var requests = new List<DiagnosisRequest>();
        foreach (Func<CancellationToken, Task<IReadOnlyList<DiagnosisRequest>>> input in inputs)
        {
            try
            {
                requests.AddRange(await input(cancellationToken).ConfigureAwait(false));
            }
            catch (CmdletInputException ex)
            {
                output.WriteError(ex.ErrorRecord);
            }
        }

        if (requests.Count > 0)
        {
            await AzureCredentialResolver.RunReportingAsync(credential, Environment, output, () => DiagnoseAllAsync(requests, output, cancellationToken)).ConfigureAwait(false);
        }

        if (FailOnError && failed.Count > 0)
        {
            // A runbook or pwsh -File script must fail, not go on to its next statement.
            throw new ScriptHaltingException(AcrErrors.DiagnosisFoundError(failed));
        }
    }

    private async Task DiagnoseAllAsync(List<DiagnosisRequest> requests, CmdletOutput output, CancellationToken cancellationToken)
    {
        using var troubleshooter = new RegistryTroubleshooter(new TroubleshooterOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Resolvers = NameResolver.SystemAnd(DnsServer),
            Proxy = ProxySelection,
            ProxyMode = NoProxy ? ProxyMode.None : Proxy is null ? ProxyMode.Default : ProxyMode.Explicit,
            Credential = credential,
            Environment = Environment,
            Repository = Repository,
            ClientSubnetId = ClientSubnetId,
            Client = client!,
            ProcessEnvironment = EnvironmentVariables,
            FindClientVirtualMachine = true,
            Log = Log,
        });

        // Every registry starts as soon as a slot is free; diagnoses are written in input order as they complete.
        int done = 0;
        var progress = new ProgressRecord(1, "Invoke-AcrTroubleshooter", $"Diagnosing {requests.Count} registr{(requests.Count == 1 ? "y" : "ies")}");
        IAsyncEnumerable<(DiagnosisRequest Request, Diagnosis? Diagnosis, Exception? Failure)> diagnoses = Throttle.InOrderAsync(requests, ThrottleLimit, async Task<(DiagnosisRequest, Diagnosis?, Exception?)> (request) =>
        {
            try
            {
                return (request, await troubleshooter.DiagnoseAsync(request, phase => Report(output, progress, $"{request.LoginServer}: {phase}", done, requests.Count), cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // What the engine did not expect ends this registry's diagnosis, not the others'.
                return (request, null, ex);
            }
            finally
            {
                Interlocked.Increment(ref done);
            }
        }, cancellationToken);

        await foreach ((DiagnosisRequest request, Diagnosis? diagnosis, Exception? failure) in diagnoses.ConfigureAwait(false))
        {
            if (diagnosis is null)
            {
                output.WriteError(AcrErrors.DiagnosisFailed(request, failure!));
                continue;
            }

            output.WriteObject(diagnosis);
            if (diagnosis.Findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                failed.Add(diagnosis);
            }
        }

        progress.RecordType = ProgressRecordType.Completed;
        output.WriteProgress(progress);
    }

    private static void Report(CmdletOutput output, ProgressRecord progress, string status, int done, int total)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, status) { PercentComplete = Math.Min(99, done * 100 / total) };
        output.WriteProgress(record);
    }

    private void Add(DiagnosisRequest request) => inputs.Add(_ => Task.FromResult<IReadOnlyList<DiagnosisRequest>>([request]));

    /// <summary>The credential and the client context, once, on the pipeline thread, when the first input arrives.</summary>
    private void EnsureContext()
    {
        if (client is not null)
        {
            return;
        }

        client = ClientContext.Detect(IsAutomationJob());
        credential = AzureCredentialResolver.Resolve(this, AccessToken, Environment);
    }

    private DiagnosisRequest Named(string name)
    {
        EnsureContext();
        return new DiagnosisRequest
        {
            Registry = name,
            LoginServer = RegistryNames.LoginServer(name, Environment),
            ResourceGroupName = ResourceGroupName,
            SubscriptionId = SubscriptionId,
            AksClusterId = AksClusterId,
            NamedBy = NamedBy,
        };
    }

    private DiagnosisRequest ByLoginServer(string loginServer)
    {
        // A private link name or a regional endpoint given as the login server: the registry is diagnosed at its
        // login server, and the diagnosis says which host the client should use.
        string? host = RegistryNames.TryGetHost(loginServer);
        string? instead = host is null ? null : RegistryNames.LoginServerInsteadOf(host, Environment);
        RegistryNetworkConfig registry = RegistryInputReader.FromLoginServer(instead ?? loginServer, [], false, Environment);
        EnsureContext();
        return new DiagnosisRequest
        {
            Registry = registry.Name,
            LoginServer = registry.LoginServer,
            GivenHost = instead is null ? null : host,
            ResourceGroupName = ResourceGroupName,
            SubscriptionId = SubscriptionId,
            AksClusterId = AksClusterId,
            NamedBy = NamedBy,
        };
    }

    private IReadOnlyList<DiagnosisRequest> Given(IEnumerable<RegistryNetworkConfig> registries, string namedBy)
        => registries.Select(r => new DiagnosisRequest { Registry = r.Name, LoginServer = r.LoginServer, Config = r, AksClusterId = AksClusterId, NamedBy = namedBy }).ToList();

    private static System.Text.Json.Nodes.JsonNode? ParseOrNull(string json)
    {
        try
        {
            return RegistryConfigParser.ParseJson(json, "JSON input");
        }
        catch (RegistryConfigFormatException)
        {
            return null;
        }
    }

    /// <summary>A piped AKS cluster is judged against each registry its kubelet identity holds a role on (az aks update --attach-acr).</summary>
    private async Task<IReadOnlyList<DiagnosisRequest>> AttachedRegistriesAsync(AksCluster cluster, CancellationToken cancellationToken)
    {
        string? subscriptionId = cluster.ResourceId?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, string id, ..] ? id : null;
        if (cluster.KubeletIdentity?.ObjectId is not { } principalId || subscriptionId is null)
        {
            throw new CmdletInputException(AcrErrors.AksClusterRegistryUnknown(cluster, "the cluster has no kubelet identity (or no resource ID) to look its registries up by."));
        }

        if (credential is null)
        {
            throw new CmdletInputException(AcrErrors.AksClusterRegistryUnknown(cluster, "no Azure credential to read its kubelet identity's role assignments."));
        }

        IReadOnlyList<string> registries;
        try
        {
            registries = await new ArmAksReader(new ArmConnection(credential.Credential, Environment, Log, proxy: ProxySelection)).AttachedRegistriesAsync(principalId, subscriptionId, cancellationToken).ConfigureAwait(false);
        }
        catch (ArmReadException ex)
        {
            throw new CmdletInputException(AcrErrors.AksClusterRegistryUnknown(cluster, $"its kubelet identity's role assignments could not be read ({ex.Message})."));
        }

        if (registries.Count == 0)
        {
            throw new CmdletInputException(AcrErrors.AksClusterRegistryUnknown(cluster, $"its kubelet identity {cluster.KubeletIdentity.DisplayName} holds no role on any registry of subscription {subscriptionId}."));
        }

        return registries.Select(id =>
        {
            string name = id.Split('/')[^1];
            return new DiagnosisRequest { Registry = name, LoginServer = RegistryNames.LoginServer(name, Environment), ResourceId = id, AksCluster = cluster, NamedBy = $"the role assignments of AKS cluster {cluster.Name}'s kubelet identity" };
        }).ToList();
    }

    private void QueueInputObject(PSObject input)
    {
        EnsureContext();
        switch (input.BaseObject)
        {
            case var value when jsonText.TryAppend(value):
                break;
            case FileInfo file:
                string path = file.FullName;
                inputs.Add(async token => Given(await RegistryInputReader.ReadFileAsync(path, Environment, token).ConfigureAwait(false), $"the export {path}"));
                break;
            case var _ when input.BaseObject is not RegistryNetworkConfig && PSObjectJson.ToJson(input) is { } json && AksClusterParser.IsCluster(json):
                AksCluster cluster = AksClusterParser.Parse(json, $"pipeline input ({input.TypeNames.FirstOrDefault()})");
                inputs.Add(token => AttachedRegistriesAsync(cluster, token));
                break;
            case var value when RegistryInputReader.ReferenceOf(value, Environment) is { } reference:
                // A name, a login server, or a row of another cmdlet's output: one diagnosis per registry, not per row.
                if (referenced.Add(reference.LoginServer))
                {
                    Add(new DiagnosisRequest { Registry = reference.Name, LoginServer = reference.LoginServer, NamedBy = Piped(input) });
                }

                break;
            default:
                IReadOnlyList<DiagnosisRequest> requests = Given(RegistryInputReader.ReadObject(input, Environment), Piped(input));
                inputs.Add(_ => Task.FromResult(requests));
                break;
        }
    }
}
