using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Tests what a client meets on the way to a registry, for each endpoint and each address it resolves to,
/// all at once: TCP 443, TLS, HTTP <c>GET /v2/</c>, through the proxy .NET would use (or -Proxy, -NoProxy);
/// with a credential the token exchange, and with -Repository the real pull path and the host blobs come from.
/// With -ClientSubnetId, what the client's NSGs, route and Azure Firewall do to each connection.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AcrEndpoint", DefaultParameterSetName = NameSet, HelpUri = HelpLinks.CmdletHelp + "Test-AcrEndpoint.md")]
[OutputType(typeof(EndpointTest))]
public sealed class TestAcrEndpointCommand : ConnectingCmdlet
{
    private readonly List<EndpointTestRequest> requests = [];
    private AzureCredential? credential;

    /// <summary>The regions whose data endpoints to test (the registry has dedicated data endpoints).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = LoginServerSet)]
    [ArgumentCompleter(typeof(AzureRegionCompleter))]
    [ValidatePattern("^[a-zA-Z0-9]+$")]
    public string[] Region { get; set; } = [];

    /// <summary>An image whose pull path to follow: <c>repository[:tag]</c> or <c>repository@digest</c>.</summary>
    [Parameter]
    [RepositoryReferenceTransformation]
    [ArgumentCompleter(typeof(RepositoryNameCompleter))]
    public RepositoryReference? Repository { get; set; }

    private protected override async Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken) =>
        requests.AddRange(await ProbeRequestsAsync(output, Region).ConfigureAwait(false));

    private protected override async Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        // The chain may read the Az PowerShell context, which lives in this runspace: found there, and only when
        // there is something to test.
        if (requests.Count > 0)
        {
            credential = await output.OnPipelineThreadAsync(() => AzureCredentialResolver.Resolve(this, AccessToken, Environment)).ConfigureAwait(false);
        }

        await AzureCredentialResolver.RunReportingAsync(credential, Environment, output, () => TestAllAsync(output, cancellationToken)).ConfigureAwait(false);
    }

    private async Task TestAllAsync(CmdletOutput output, CancellationToken cancellationToken)
    {
        var options = new EndpointTestOptions
        {
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            Resolvers = NameResolver.SystemAnd(DnsServer),
            Proxy = ProxySelection,
            Credential = Task.FromResult(credential?.Credential),
            Environment = Environment,
            Repository = Repository,
            ThrottleLimit = ThrottleLimit,
            Log = Log,
        };
        output.WriteVerbose($"Testing {requests.Count} endpoint(s) with a {TimeoutSec} s deadline per probe{(Repository is null ? "" : $", following the pull of {Repository}")}{(ClientSubnetId is null ? "" : $", judging each connection against the client network of {ClientSubnetId}")}.");
        var tester = new EndpointTester(options);

        // Without -ClientSubnetId the client network is judged only on a host that shows it is an Azure VM.
        InstanceMetadataClient? instanceMetadata = ClientSubnetId is null ? InstanceMetadataClient.OnVirtualMachine(CredentialHost.Current()) : null;
        if (ClientSubnetId is null && instanceMetadata is null)
        {
            await tester.TestAsync(requests, output.WriteObject, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The client network is read while the endpoints are tested; each test is written, in order, once its registry's view is in.
        using var examiner = new ClientNetworkExaminer(credential, Environment, ClientSubnetId, instanceMetadata, TimeSpan.FromSeconds(TimeoutSec), ProxySelection, Log);
        Dictionary<string, Task<ClientNetworkView>> views = requests.DistinctBy(r => r.Target.Registry, StringComparer.OrdinalIgnoreCase).ToDictionary(
            r => r.Target.Registry, r => examiner.ForRegistryAsync(r.Target.Registry, r.Config, cancellationToken), StringComparer.OrdinalIgnoreCase);
        Task written = Task.CompletedTask;
        await tester.TestAsync(requests, test => written = WriteJudgedAsync(written, views.GetValueOrDefault(test.Registry), test), cancellationToken).ConfigureAwait(false);
        await written.ConfigureAwait(false);

        async Task WriteJudgedAsync(Task previous, Task<ClientNetworkView>? view, EndpointTest test)
        {
            await previous.ConfigureAwait(false);
            output.WriteObject(view is null ? test : (await view.ConfigureAwait(false)).Judge(test));
        }
    }
}
