namespace AcrNetwork;

/// <summary>The HTTP stage of an endpoint test: the request made to judge the endpoint and its answer; no status when none came.</summary>
internal sealed record HttpResult(
    string Request,
    int? Status = null,
    AcrError? Error = null,
    BearerChallenge? Challenge = null,
    int? RetryAfterSec = null,
    double? Ms = null) : StageResult;

/// <summary>
/// Judges an endpoint by its HTTP answer. The REST endpoint must challenge for a Bearer token (or let
/// anonymous clients in); a data endpoint or storage host passes with any answer of its own. Either fails
/// on ACR's firewall refusal (403 DENIED, naming the client IP it saw), throttling (429) or a server error.
/// </summary>
internal static class HttpJudge
{
    public static HttpResult Judge(ProbeTarget target, string request, ProbeResponse response)
    {
        AcrError? error = AcrErrorParser.Parse(response.Body);
        BearerChallenge? challenge = AuthenticationChallengeParser.ParseBearer(response.HeaderValues("WWW-Authenticate"));
        int? retryAfterSec = response.Headers.RetryAfter switch
        {
            { Delta: TimeSpan delta } => (int)delta.TotalSeconds,
            { Date: DateTimeOffset date } => (int)Math.Max(0, (date - DateTimeOffset.UtcNow).TotalSeconds),
            _ => null,
        };
        var result = new HttpResult(request, response.StatusCode, error, challenge, retryAfterSec, EndpointTest.Milliseconds(response.ElapsedMs));

        int status = response.StatusCode;
        string? failure = status switch
        {
            403 when string.Equals(error?.Code, "DENIED", StringComparison.OrdinalIgnoreCase) =>
                $"The registry's firewall refused the client{(error!.ClientIp is null ? "" : $": ACR saw it as {error.ClientIp}")} (403 DENIED).",
            429 => $"The registry is throttling requests (429{(retryAfterSec is int wait ? $", retry after {wait} s" : "")}).",
            >= 500 => $"{target.Fqdn} answered {status}: a server or gateway on the way failed.",
            _ when target.Role is not (EndpointPurpose.Rest or EndpointPurpose.Regional) => null,
            401 when challenge is null => "GET /v2/ answered 401 without a Bearer challenge: the registry (or something in between) does not offer token authentication.",
            401 or 200 => null,
            403 => "GET /v2/ answered 403 without ACR's DENIED error: something in between (a proxy or gateway) refused the request.",
            _ => $"GET /v2/ answered {status} where a registry challenges with 401.",
        };

        if (failure is not null)
        {
            return result with { Failure = new StageFailure(PullStage.Http, failure, error?.ToString()) };
        }

        return result with
        {
            Note = target.Role is EndpointPurpose.Rest or EndpointPurpose.Regional
                ? challenge is null
                    ? $"The registry answers {status} to anonymous clients."
                    : $"The registry answers 401 with a Bearer challenge for {challenge.Service ?? target.Fqdn}."
                : $"{target.Fqdn} answers {status} to {request}.",
        };
    }
}
