using System.Text.Json;
using AcrNetwork.Tests.Loopback;
using Azure.Core;

namespace AcrNetwork.Tests;

/// <summary>The HTTP stages: the registry's answer to GET /v2/, the token exchange and the pull path.</summary>
public class RegistryHttpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly RepositoryReference Hello = RepositoryReference.Parse("samples/hello:v1");
    private static readonly AzureCloudEnvironment Lab = new("Lab", "https://management.lab.test/", "azurecr.test", "https://login.lab.test/", "core.lab.test");

    [Fact]
    public void PassesTheRegistrysBearerChallenge()
    {
        EndpointTest test = Judge(EndpointPurpose.Rest, 401, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""",
            ("WWW-Authenticate", "Bearer realm=\"https://contoso.azurecr.test/oauth2/token\",service=\"contoso.azurecr.test\""));

        Assert.Null(test.FailedStage);
        Assert.Equal(401, test.HttpStatus);
        Assert.Equal("UNAUTHORIZED", test.AcrErrorCode);
        Assert.Equal("https://contoso.azurecr.test/oauth2/token", test.ChallengeRealm);
        Assert.Equal("contoso.azurecr.test", test.ChallengeService);
    }

    [Fact]
    public void FailsTheFirewallRefusalAndKeepsTheClientIpAcrSaw()
    {
        EndpointTest test = Judge(EndpointPurpose.Data, 403,
            """{"errors":[{"code":"DENIED","message":"client with IP \u0027203.0.113.10\u0027 is not allowed access. Refer https://aka.ms/acr/firewall to grant access. CorrelationId: 5f0c2a9e-1b3d-4c7e-8a6f-9d2b4e1c7a30"}]}""");

        Assert.Equal(PullStage.Http, test.FailedStage);
        Assert.Equal("DENIED", test.AcrErrorCode);
        Assert.Equal("203.0.113.10", test.ReportedClientIp);
        Assert.Equal("5f0c2a9e-1b3d-4c7e-8a6f-9d2b4e1c7a30", test.AcrCorrelationId);
        Assert.Contains("ACR saw it as 203.0.113.10", test.Message);
    }

    [Fact]
    public void FailsThrottlingWithItsRetryAfter()
    {
        EndpointTest test = Judge(EndpointPurpose.Rest, 429, """{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}""", ("Retry-After", "30"));

        Assert.Equal(PullStage.Http, test.FailedStage);
        Assert.Equal("TOOMANYREQUESTS", test.AcrErrorCode);
        Assert.Equal(30, test.RetryAfterSec);
    }

    [Theory]
    [InlineData(EndpointPurpose.Rest, 401, "", null, PullStage.Http)]
    [InlineData(EndpointPurpose.Rest, 403, "<html>Blocked by policy</html>", null, PullStage.Http)]
    [InlineData(EndpointPurpose.Rest, 404, "", null, PullStage.Http)]
    [InlineData(EndpointPurpose.Rest, 200, "{}", null, null)]
    [InlineData(EndpointPurpose.Data, 404, "", null, null)]
    [InlineData(EndpointPurpose.Storage, 200, "", null, null)]
    [InlineData(EndpointPurpose.Storage, 403, """{"error":{"code":"AuthenticationFailed"}}""", null, null)]
    [InlineData(EndpointPurpose.Data, 502, "Bad Gateway", null, PullStage.Http)]
    [InlineData(EndpointPurpose.Rest, 401, "", "Basic realm=\"corp\"", PullStage.Http)]
    public void JudgesEachRoleByWhatItShouldAnswer(EndpointPurpose role, int status, string body, string? challenge, PullStage? failedStage)
    {
        EndpointTest test = challenge is null ? Judge(role, status, body) : Judge(role, status, body, ("WWW-Authenticate", challenge));

        Assert.Equal(failedStage, test.FailedStage);
    }

    [Fact]
    public async Task ExchangesTheArmTokenAndFollowsThePullToTheDataEndpointWithoutShowingASecret()
    {
        using var registry = new FakeRegistry();
        using ProbeHttpSession session = await registry.ConnectAsync();
        (string? accessToken, TokenResult token) = await new RegistryTokenExchange(Task.FromResult<TokenCredential?>(new StaticAccessTokenCredential(FakeRegistry.ArmToken)), Lab, Timeout)
            .GetAccessTokenAsync(session, FakeRegistry.Host, Challenge(), "repository:samples/hello:pull", CancellationToken.None);
        (Uri? blob, PullResult pull) = await new PullPathProbe(Timeout).FollowAsync(session, FakeRegistry.Host, Hello, accessToken, CancellationToken.None);
        EndpointTest test = Rest(token, pull);

        Assert.Equal(TokenStatus.Issued, test.TokenStatus);
        Assert.Equal(200, test.TokenHttpStatus);
        Assert.Equal(200, test.ManifestStatus);
        Assert.Equal(FakeRegistry.Config, test.BlobDigest);
        Assert.Equal(307, test.BlobStatus);
        Assert.Equal("contoso.westus.data.azurecr.test", test.BlobRedirectHost);
        Assert.Equal(new Uri(FakeRegistry.BlobLocation), blob);
        Assert.Null(test.FailedStage);
        Assert.Equal("samples/hello:v1", test.Repository);
        Assert.Equal(1, registry.Connections);

        string everything = JsonSerializer.Serialize(test);
        foreach (string secret in new[] { FakeRegistry.ArmToken, FakeRegistry.RefreshToken, FakeRegistry.AccessToken, FakeRegistry.Signature })
        {
            Assert.DoesNotContain(secret, everything);
        }
    }

    [Fact]
    public async Task TellsTheFirewallAtTheExchangeFromARefusalOfTheIdentity()
    {
        using var firewalled = new FakeRegistry { ExchangeDenied = true };
        using var registry = new FakeRegistry();
        EndpointTest denied;
        EndpointTest refused;

        using (ProbeHttpSession session = await firewalled.ConnectAsync())
        {
            denied = Rest((await Exchange(session, new StaticAccessTokenCredential(FakeRegistry.ArmToken))).Result);
        }

        using (ProbeHttpSession session = await registry.ConnectAsync())
        {
            refused = Rest((await Exchange(session, new StaticAccessTokenCredential("a-token-the-registry-refuses"))).Result);
        }

        Assert.Equal((TokenStatus.FirewallDenied, PullStage.Token, 403), (denied.TokenStatus, denied.FailedStage, denied.TokenHttpStatus));
        Assert.Equal("203.0.113.10", denied.ReportedClientIp);
        Assert.Contains("not the identity", denied.Message);
        Assert.Equal((TokenStatus.Unauthorized, PullStage.Token, 401), (refused.TokenStatus, refused.FailedStage, refused.TokenHttpStatus));
        Assert.Contains("authentication as ARM disabled", refused.Message);
    }

    [Fact]
    public async Task SaysACredentialIsNeededWhenAnonymousPullIsRefused()
    {
        using var registry = new FakeRegistry();
        using ProbeHttpSession session = await registry.ConnectAsync();
        (string? accessToken, TokenResult token) = await Exchange(session, null);
        EndpointTest test = Rest(token);

        Assert.Null(accessToken);

        Assert.Equal(TokenStatus.CredentialRequired, test.TokenStatus);
        Assert.Null(test.FailedStage);
        LoopbackRequest request = registry.Requests.Single();
        Assert.Equal("/oauth2/token?service=contoso.azurecr.test&scope=repository%3Asamples%2Fhello%3Apull", request.Target);
    }

    [Fact]
    public async Task ReportsACredentialThatGivesNoTokenWithoutFailingThePath()
    {
        using var registry = new FakeRegistry();
        using ProbeHttpSession session = await registry.ConnectAsync();
        (_, TokenResult token) = await new RegistryTokenExchange(Task.FromResult<TokenCredential?>(new FailingCredential()), Lab, Timeout)
            .GetAccessTokenAsync(session, FakeRegistry.Host, Challenge(), "registry:catalog:*", CancellationToken.None);
        EndpointTest test = Rest(token);

        Assert.Equal(TokenStatus.CredentialUnavailable, test.TokenStatus);
        Assert.Null(test.FailedStage);
        Assert.Contains("the token exchange was not tried", test.Message);
        Assert.Contains("not signed in", test.Message);
        Assert.Empty(registry.Requests);
    }

    [Fact]
    public async Task PullsAnonymouslyWhenNoCredentialGivesAToken()
    {
        using var registry = new FakeRegistry();
        using ProbeHttpSession session = await registry.ConnectAsync();
        EndpointTest test = Rest((await Exchange(session, new FailingCredential())).Result);

        Assert.Equal(TokenStatus.CredentialRequired, test.TokenStatus);
        Assert.Null(test.FailedStage);
        Assert.Contains("the token exchange was not tried", test.Message);
        Assert.Equal("/oauth2/token", registry.Requests.Single().Path);
    }

    [Fact]
    public async Task ReconnectsWhenTheServerClosesAfterEachAnswer()
    {
        using var registry = new FakeRegistry { CloseAfterEachAnswer = true };
        using ProbeHttpSession session = await registry.ConnectAsync();
        (string? token, _) = await Exchange(session, new StaticAccessTokenCredential(FakeRegistry.ArmToken));

        Assert.Equal(FakeRegistry.AccessToken, token);
        Assert.Equal(2, registry.Connections);
    }

    [Fact]
    public async Task StopsThePullAtAManifestThatDoesNotExist()
    {
        using var registry = new FakeRegistry();
        using ProbeHttpSession session = await registry.ConnectAsync();
        (Uri? blob, PullResult pull) = await new PullPathProbe(Timeout).FollowAsync(session, FakeRegistry.Host, RepositoryReference.Parse("samples/hello:v9"), FakeRegistry.AccessToken, CancellationToken.None);
        EndpointTest test = Rest(pull: pull);

        Assert.Null(blob);
        Assert.Equal(PullStage.Pull, test.FailedStage);
        Assert.Equal(404, test.ManifestStatus);
        Assert.Contains("does not exist", test.Message);
    }

    private static Task<(string? AccessToken, TokenResult Result)> Exchange(ProbeHttpSession session, TokenCredential? credential) =>
        new RegistryTokenExchange(Task.FromResult(credential), Lab, Timeout).GetAccessTokenAsync(session, FakeRegistry.Host, Challenge(), "repository:samples/hello:pull", CancellationToken.None);

    private static BearerChallenge Challenge() => new($"https://{FakeRegistry.Host}/oauth2/token", FakeRegistry.Host, null);

    /// <summary>The REST endpoint's test composed from what the token and pull stages gave, as the probe composes it.</summary>
    private static EndpointTest Rest(TokenResult? token = null, PullResult? pull = null) => new()
    {
        Target = new ProbeTarget { Fqdn = FakeRegistry.Host, Role = EndpointPurpose.Rest },
        HttpResult = new HttpResult("GET /v2/"),
        TokenResult = token,
        PullResult = pull,
        Failure = token?.Failure ?? pull?.Failure,
    };

    private static EndpointTest Judge(EndpointPurpose role, int status, string body, params (string Name, string Value)[] headers)
    {
        using var message = new HttpResponseMessage();
        foreach ((string name, string value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        var target = new ProbeTarget { Fqdn = "contoso.azurecr.test", Role = role };
        HttpResult http = HttpJudge.Judge(target, "GET /v2/", new ProbeResponse(status, message.Headers, body, 3));
        return new EndpointTest { Target = target, HttpResult = http, Failure = http.Failure };
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The Az context is not signed in.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The Az context is not signed in.");
    }
}
