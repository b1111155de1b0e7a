using System.Diagnostics;
using System.Net;

namespace AcrNetwork;

/// <summary>An address to test an endpoint at, or the proxy that connects on the client's behalf, and who gave it.</summary>
internal sealed record ProbeAddress(IPAddress? Address, ProxyRoute? Proxy, string? Resolver, DnsStatus? DnsStatus, double? DnsMs);

/// <summary>
/// The blob a pull of the registry is redirected to, once the REST endpoint has followed the pull path.
/// Data endpoints wait for it so that each is asked for what a client pulling there would fetch.
/// </summary>
internal sealed class PullPath(bool enabled)
{
    private readonly TaskCompletionSource<Uri?> location = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Enabled => enabled;

    public Task<Uri?> Location => location.Task;

    public void Offer(Uri blob) => location.TrySetResult(blob);

    /// <summary>Every REST probe has finished: without a blob by now there will be none.</summary>
    public void Close() => location.TrySetResult(null);
}

/// <summary>
/// Runs the stages of one endpoint at one address, in the order a client meets them, stopping at the first failure,
/// and composes their results into the endpoint's test.
/// </summary>
internal sealed class AddressProbe(EndpointTestOptions options)
{
    private const int MaxErrorOrChallengeBytes = 64 * 1024;
    private const string ApiRoot = "/v2/";
    private readonly EndpointConnector connector = new(options.Timeout, options.Log);
    private readonly RegistryTokenExchange tokenExchange = new(options.Credential, options.Environment, options.Timeout);
    private readonly PullPathProbe pullPathProbe = new(options.Timeout);

    public async Task<EndpointTest> RunAsync(ProbeTarget target, ProbeAddress address, PullPath pullPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Connection connection = await connector.OpenAsync(target.Fqdn, address.Address, address.Proxy, cancellationToken).ConfigureAwait(false);
        ApplicationStages stages = new(null, null, null);
        if (connection.Stream is not null)
        {
            using var session = new ProbeHttpSession(
                target.Fqdn,
                connection.Stream,
                token => connector.ReconnectAsync(target.Fqdn, address.Address, address.Proxy, token),
                options.Log);
            stages = target.Role switch
            {
                EndpointPurpose.Rest => await TestRegistryAsync(session, target, pullPath, cancellationToken).ConfigureAwait(false),

                // A regional endpoint serves the registry API as the login server does: it must challenge at /v2/.
                EndpointPurpose.Regional => new(await SendAndJudgeAsync(session, target, ApiRoot, MaxErrorOrChallengeBytes, cancellationToken).ConfigureAwait(false), null, null),
                _ => new(await TestBlobHostAsync(session, target, pullPath, cancellationToken).ConfigureAwait(false), null, null),
            };
        }

        return new EndpointTest
        {
            Target = target,
            DnsResult = DnsResult.Of(target, address),
            ProxyResult = connection.Proxy,
            TcpResult = connection.Tcp,
            TlsResult = connection.Tls,
            HttpResult = stages.Http,
            TokenResult = stages.Token,
            PullResult = stages.Pull,
            Failure = connection.Failure ?? stages.Failure,
            ElapsedMs = EndpointTest.Milliseconds(clock.Elapsed.TotalMilliseconds + (address.DnsMs ?? 0)),
        };
    }

    /// <summary>The test of an endpoint whose name did not resolve: it stops at DNS.</summary>
    public static EndpointTest DnsFailure(ProbeTarget target, string resolver, DnsLookup lookup)
    {
        DnsResult dns = DnsResult.Failed(target, resolver, lookup);
        return new EndpointTest { Target = target, DnsResult = dns, Failure = dns.Failure, ElapsedMs = EndpointTest.Milliseconds(lookup.ElapsedMs) };
    }

    private async Task<ApplicationStages> TestRegistryAsync(ProbeHttpSession session, ProbeTarget target, PullPath pullPath, CancellationToken cancellationToken)
    {
        HttpResult http = await SendAndJudgeAsync(session, target, ApiRoot, MaxErrorOrChallengeBytes, cancellationToken).ConfigureAwait(false);
        if (http.Failure is not null)
        {
            return new(http, null, null);
        }

        // The first wait for the credential: discovery has run alongside the probes until here.
        if (options.Repository is null && await options.Credential.WaitAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return new(http, null, null);
        }

        string? accessToken = null;
        TokenResult? token = null;
        if (http.Challenge is { } challenge)
        {
            string scope = options.Repository is null ? "registry:catalog:*" : $"repository:{options.Repository.Name}:pull";
            (accessToken, token) = await tokenExchange.GetAccessTokenAsync(session, target.Fqdn, challenge with { Scope = null }, scope, cancellationToken).ConfigureAwait(false);
            if (accessToken is null)
            {
                return new(http, token, null);
            }
        }

        PullResult? pull = null;
        if (options.Repository is not null)
        {
            (Uri? blob, pull) = await pullPathProbe.FollowAsync(session, target.Fqdn, options.Repository, accessToken, cancellationToken).ConfigureAwait(false);
            if (blob is not null)
            {
                pullPath.Offer(blob);
            }
        }

        return new(http, token, pull);
    }

    private async Task<HttpResult> TestBlobHostAsync(ProbeHttpSession session, ProbeTarget target, PullPath pullPath, CancellationToken cancellationToken)
    {
        // What a client pulling through this host fetches: the redirected blob (its path and signature
        // are the same on every region's data endpoint), or without a pull path to follow, the API root.
        Uri? blob = pullPath.Enabled ? await pullPath.Location.WaitAsync(cancellationToken).ConfigureAwait(false) : null;
        return blob is null
            ? await SendAndJudgeAsync(session, target, ApiRoot, 0, cancellationToken).ConfigureAwait(false)
            : await SendAndJudgeAsync(session, target, blob.PathAndQuery, 0, cancellationToken, shown: blob.AbsolutePath).ConfigureAwait(false);
    }

    /// <param name="shown">The path as the test shows it, when the one requested carries a signature.</param>
    private async Task<HttpResult> SendAndJudgeAsync(ProbeHttpSession session, ProbeTarget target, string pathAndQuery, int maxBodyBytes, CancellationToken cancellationToken, string? shown = null)
    {
        string request = $"GET {shown ?? pathAndQuery}";
        try
        {
            ProbeResponse response = await session.SendAsync(HttpMethod.Get, pathAndQuery, null, maxBodyBytes, options.Timeout, cancellationToken).ConfigureAwait(false);
            return HttpJudge.Judge(target, request, response);
        }
        catch (ProbeHttpException ex)
        {
            return new HttpResult(request) { Failure = new StageFailure(PullStage.Http, $"{request} to {target.Fqdn} got no HTTP answer: {ex.Message}", ex.Message) };
        }
    }

    /// <summary>The stages that run over the connection; null for those that did not run.</summary>
    private sealed record ApplicationStages(HttpResult? Http, TokenResult? Token, PullResult? Pull)
    {
        public StageFailure? Failure => Http?.Failure ?? Token?.Failure ?? Pull?.Failure;
    }
}
