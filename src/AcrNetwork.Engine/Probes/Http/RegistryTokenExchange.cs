using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;

namespace AcrNetwork;

/// <summary>The token stage of an endpoint test: how the exchange ended, and the answer of the step that decided it.</summary>
internal sealed record TokenResult(TokenStatus? Status, int? HttpStatus, string? ReportedClientIp, double Ms) : StageResult;

/// <summary>
/// Gets a registry access token the way <c>az acr login</c> and Docker's credential helper do: an ARM
/// token from the credential, exchanged at <c>/oauth2/exchange</c> for a refresh token, then at
/// <c>/oauth2/token</c> for an access token; for a pull without a usable credential, anonymously at the
/// realm. A 403 DENIED from the registry's firewall is told apart from a refusal of the identity. Tokens
/// stay in memory: they are never written to the test, to messages or to errors.
/// </summary>
internal sealed class RegistryTokenExchange(Task<TokenCredential?> credential, AzureCloudEnvironment environment, TimeSpan timeout)
{
    private const int MaxTokenResponseBytes = 64 * 1024;
    private readonly object gate = new();
    private Task<string>? armTokenRequest;

    /// <summary>The access token, or null when none was issued (the result says why).</summary>
    public async Task<(string? AccessToken, TokenResult Result)> GetAccessTokenAsync(ProbeHttpSession session, string host, BearerChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var exchange = new ExchangeProgress();
        string? accessToken = null;
        try
        {
            string service = challenge.Service ?? host;
            TokenCredential? armCredential = await credential.WaitAsync(cancellationToken).ConfigureAwait(false);
            accessToken = armCredential is null ? null : await ExchangeAsync(session, exchange, armCredential, service, scope, cancellationToken).ConfigureAwait(false);

            // Without a usable credential a client can still pull anonymously, where the registry allows it.
            if (accessToken is null && exchange.Failure is null && scope.StartsWith("repository:", StringComparison.Ordinal))
            {
                accessToken = await AnonymousAsync(session, exchange, host, challenge, service, scope, cancellationToken).ConfigureAwait(false);
            }

            if (accessToken is not null)
            {
                exchange.Status = TokenStatus.Issued;
                exchange.Note += $" The registry issued a token for {scope}.";
            }
        }
        catch (ProbeHttpException ex)
        {
            accessToken = null;
            Refuse(exchange, TokenStatus.Failed, null, $"The token exchange got no answer: {ex.Message}", ex.Message);
        }

        var result = new TokenResult(exchange.Status, exchange.HttpStatus, exchange.ReportedClientIp, EndpointTest.Milliseconds(clock.Elapsed.TotalMilliseconds))
        {
            Failure = exchange.Failure,
            Note = exchange.Note,
        };
        return (accessToken, result);
    }

    private async Task<string?> ExchangeAsync(ProbeHttpSession session, ExchangeProgress exchange, TokenCredential armCredential, string service, string scope, CancellationToken cancellationToken)
    {
        string armToken;
        try
        {
            armToken = await GetArmTokenAsync(armCredential, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // No credential is not a fault of the path: the exchange is reported as not tried and the test
            // stands on what the network answered. Credential errors explain themselves; they may quote a proxy.
            exchange.Status = TokenStatus.CredentialUnavailable;
            exchange.Note += $" No Azure credential gave an ARM token, so the token exchange was not tried (pass -AccessToken or sign in): {Redaction.Text(ex.Message.Split('\n')[0].Trim())}";
            return null;
        }

        ProbeResponse response = await PostFormAsync(session, "/oauth2/exchange", cancellationToken,
            ("grant_type", "access_token"), ("service", service), ("access_token", armToken)).ConfigureAwait(false);
        string? refreshToken = response.StatusCode == 200 ? ReadToken(response.Body, "refresh_token") : null;
        if (refreshToken is null)
        {
            Judge(exchange, response, "/oauth2/exchange");
            return null;
        }

        ProbeResponse token = await PostFormAsync(session, "/oauth2/token", cancellationToken,
            ("grant_type", "refresh_token"), ("service", service), ("scope", scope), ("refresh_token", refreshToken)).ConfigureAwait(false);
        exchange.HttpStatus = token.StatusCode;
        string? accessToken = token.StatusCode == 200 ? ReadToken(token.Body, "access_token") : null;
        if (accessToken is null)
        {
            Judge(exchange, token, "/oauth2/token");
        }

        return accessToken;
    }

    /// <summary>One ARM token for the whole run: every REST endpoint exchanges the same identity, asked once.</summary>
    private Task<string> GetArmTokenAsync(TokenCredential armCredential, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return armTokenRequest ??= RequestArmTokenAsync(armCredential, cancellationToken);
        }
    }

    private async Task<string> RequestArmTokenAsync(TokenCredential armCredential, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        return (await armCredential.GetTokenAsync(AzureCredentialChain.ArmTokenRequest(environment), deadline.Token).ConfigureAwait(false)).Token;
    }

    private async Task<string?> AnonymousAsync(ProbeHttpSession session, ExchangeProgress exchange, string host, BearerChallenge challenge, string service, string scope, CancellationToken cancellationToken)
    {
        var realm = new Uri(challenge.Realm);
        if (!realm.IdnHost.Equals(host, StringComparison.OrdinalIgnoreCase))
        {
            Refuse(exchange, TokenStatus.Failed, null, $"The challenge's realm is on another host ({realm.IdnHost}); the probe asks the endpoint under test only.", null);
            return null;
        }

        string query = $"?service={Uri.EscapeDataString(service)}&scope={Uri.EscapeDataString(scope)}";
        ProbeResponse response = await session.SendAsync(HttpMethod.Get, realm.AbsolutePath + query, null, MaxTokenResponseBytes, timeout, cancellationToken).ConfigureAwait(false);
        exchange.HttpStatus = response.StatusCode;
        string? accessToken = response.StatusCode == 200 ? ReadToken(response.Body, "access_token") ?? ReadToken(response.Body, "token") : null;
        if (accessToken is null)
        {
            if (response.StatusCode == 401)
            {
                // Not a failure of the path: a credential (-AccessToken) is needed to go further.
                exchange.Status = TokenStatus.CredentialRequired;
                exchange.Note += " The registry refuses anonymous pulls: give a credential to follow the pull path.";
                return null;
            }

            Judge(exchange, response, realm.AbsolutePath);
        }

        return accessToken;
    }

    private Task<ProbeResponse> PostFormAsync(ProbeHttpSession session, string path, CancellationToken cancellationToken, params (string Name, string Value)[] fields) =>
        session.SendAsync(
            HttpMethod.Post,
            path,
            request => request.Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
            MaxTokenResponseBytes,
            timeout,
            cancellationToken);

    private static void Judge(ExchangeProgress exchange, ProbeResponse response, string step)
    {
        AcrError? error = AcrErrorParser.Parse(response.Body);
        string detail = error is null ? "" : $" ({error.Code}{(error.Message is null ? "" : $": {error.Message}")})";
        (TokenStatus status, string message) = response.StatusCode switch
        {
            403 when string.Equals(error?.Code, "DENIED", StringComparison.OrdinalIgnoreCase) && error!.ClientIp is not null =>
                (TokenStatus.FirewallDenied, $"{step} answered 403: the registry's firewall refused the client IP {error.ClientIp}, not the identity."),
            401 or 403 => (TokenStatus.Unauthorized, $"{step} refused the identity ({response.StatusCode}){detail}: it lacks a role on the registry, or the registry refuses ARM tokens (authentication as ARM disabled)."),
            429 => (TokenStatus.Throttled, $"{step} answered 429: the registry is throttling token requests."),
            200 => (TokenStatus.Failed, $"{step} answered 200 without a token: the answer is malformed."),
            _ => (TokenStatus.Failed, $"{step} answered {response.StatusCode}{detail}."),
        };
        if (status == TokenStatus.FirewallDenied)
        {
            exchange.ReportedClientIp ??= error!.ClientIp;
        }

        Refuse(exchange, status, response.StatusCode, message, error?.ToString());
    }

    private static void Refuse(ExchangeProgress exchange, TokenStatus status, int? httpStatus, string message, string? error)
    {
        exchange.Status = status;
        exchange.HttpStatus = httpStatus ?? exchange.HttpStatus;
        exchange.Failure = new StageFailure(PullStage.Token, message, error);
    }

    private static string? ReadToken(string body, string field)
    {
        try
        {
            string? token = JsonFields.String(JsonFields.Find(JsonFields.Parse(body), field));
            return string.IsNullOrEmpty(token) ? null : token;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the exchange has found so far: written by its steps only, it ends as one <see cref="TokenResult"/>.</summary>
    private sealed class ExchangeProgress
    {
        public TokenStatus? Status { get; set; }

        public int? HttpStatus { get; set; }

        public string? ReportedClientIp { get; set; }

        public string? Note { get; set; }

        public StageFailure? Failure { get; set; }
    }
}
