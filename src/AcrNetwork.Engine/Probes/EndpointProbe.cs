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

/// <summary>Runs the stages of one endpoint at one address, in the order a client meets them, stopping at the first failure.</summary>
internal sealed class EndpointProbe(EndpointTestOptions options)
{
    private const int MaxErrorOrChallengeBytes = 64 * 1024;
    private readonly EndpointConnector connector = new(options.Timeout);
    private readonly RegistryTokenExchange tokenExchange = new(options.Credential, options.Environment, options.Timeout);
    private readonly PullPathProbe pullPathProbe = new(options.Timeout);

    public async Task<EndpointTest> RunAsync(ProbeTarget target, ProbeAddress address, PullPath pullPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        EndpointTest test = Start(target, address);
        Stream? connection = await connector.OpenAsync(test, target.Fqdn, address.Address, address.Proxy, cancellationToken).ConfigureAwait(false);
        if (connection is not null)
        {
            using var session = new ProbeHttpSession(
                target.Fqdn,
                connection,
                token => connector.ReconnectAsync(target.Fqdn, address.Address, address.Proxy, token));
            if (target.Role == EndpointPurpose.Rest)
            {
                await TestRegistryAsync(session, test, pullPath, cancellationToken).ConfigureAwait(false);
            }
            else if (target.Role == EndpointPurpose.Regional)
            {
                // A regional endpoint serves the registry API as the login server does: it must challenge at /v2/.
                test.HttpRequest = "GET /v2/";
                await SendAndJudgeAsync(session, test, "/v2/", MaxErrorOrChallengeBytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await TestBlobHostAsync(session, test, pullPath, cancellationToken).ConfigureAwait(false);
            }
        }

        return Finish(test, clock.Elapsed.TotalMilliseconds + (address.DnsMs ?? 0));
    }

    /// <summary>The test of an endpoint whose name did not resolve: it stops at DNS.</summary>
    public static EndpointTest DnsFailure(ProbeTarget target, string resolver, DnsLookup lookup)
    {
        EndpointTest test = Start(target, new ProbeAddress(null, null, resolver, lookup.Status, lookup.ElapsedMs));
        test.PrivateEndpointMatch = ProbeTargets.Match(target, lookup.Status, []);
        test.Fail(PullStage.Dns, RegistryNameResolver.Describe(target, resolver, lookup, test.PrivateEndpointMatch), lookup.Error);
        return Finish(test, lookup.ElapsedMs);
    }

    private async Task TestRegistryAsync(ProbeHttpSession session, EndpointTest test, PullPath pullPath, CancellationToken cancellationToken)
    {
        test.HttpRequest = "GET /v2/";
        if (!await SendAndJudgeAsync(session, test, "/v2/", MaxErrorOrChallengeBytes, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // The first wait for the credential: discovery has run alongside the probes until here.
        if (options.Repository is null && await options.Credential.WaitAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        string? accessToken = null;
        if (test.ChallengeRealm is not null)
        {
            string scope = options.Repository is null ? "registry:catalog:*" : $"repository:{options.Repository.Name}:pull";
            var challenge = new BearerChallenge(test.ChallengeRealm, test.ChallengeService, null);
            accessToken = await tokenExchange.GetAccessTokenAsync(session, test, challenge, scope, cancellationToken).ConfigureAwait(false);
            if (accessToken is null)
            {
                return;
            }
        }

        if (options.Repository is not null)
        {
            Uri? blob = await pullPathProbe.FollowAsync(session, test, options.Repository, accessToken, cancellationToken).ConfigureAwait(false);
            if (blob is not null)
            {
                pullPath.Offer(blob);
            }
        }
    }

    private async Task TestBlobHostAsync(ProbeHttpSession session, EndpointTest test, PullPath pullPath, CancellationToken cancellationToken)
    {
        // What a client pulling through this host fetches: the redirected blob (its path and signature
        // are the same on every region's data endpoint), or without a pull path to follow, the API root.
        Uri? blob = pullPath.Enabled ? await pullPath.Location.WaitAsync(cancellationToken).ConfigureAwait(false) : null;
        test.HttpRequest = blob is null ? "GET /v2/" : $"GET {blob.AbsolutePath}";
        await SendAndJudgeAsync(session, test, blob?.PathAndQuery ?? "/v2/", 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SendAndJudgeAsync(ProbeHttpSession session, EndpointTest test, string pathAndQuery, int maxBodyBytes, CancellationToken cancellationToken)
    {
        try
        {
            ProbeResponse response = await session.SendAsync(HttpMethod.Get, pathAndQuery, null, maxBodyBytes, options.Timeout, cancellationToken).ConfigureAwait(false);
            HttpJudge.Judge(test, response);
        }
        catch (ProbeHttpException ex)
        {
            test.Fail(PullStage.Http, $"{test.HttpRequest} to {test.Fqdn} got no HTTP answer: {ex.Message}", ex.Message);
        }

        return test.FailedStage is null;
    }

    private static EndpointTest Start(ProbeTarget target, ProbeAddress address) => new()
    {
        Registry = target.Registry,
        LoginServer = target.LoginServer,
        Fqdn = target.Fqdn,
        Role = target.Role,
        Region = target.Region,
        Address = address.Address?.ToString(),
        IsPrivate = address.Address is null ? null : AddressClassifier.IsPrivate(address.Address),
        IpVersion = address.Address is null ? null : address.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
        Resolver = address.Resolver,
        DnsStatus = address.DnsStatus,
        DnsMs = address.DnsMs is double ms ? EndpointTest.Milliseconds(ms) : null,
        ExpectedAddress = target.ExpectedAddress,
        PrivateEndpointMatch = address.Address is null ? null : ProbeTargets.Match(target, DnsStatus.Resolved, [address.Address]),
    };

    private static EndpointTest Finish(EndpointTest test, double elapsedMs)
    {
        test.ElapsedMs = EndpointTest.Milliseconds(elapsedMs);
        if (test.FailedStage is null)
        {
            test.Status = EndpointStatus.Passed;
        }

        return test;
    }
}
