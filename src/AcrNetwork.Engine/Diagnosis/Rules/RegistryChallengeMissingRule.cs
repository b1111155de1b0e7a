namespace AcrNetwork;

/// <summary><c>GET /v2/</c> does not answer 401 with a Bearer challenge (and it is neither the firewall's 403 DENIED nor throttling).</summary>
internal sealed class RegistryChallengeMissingRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var failing = o.Rest().Where(t => t.FailedStage == PullStage.Http && !Facts.IsDenied(t) && t.HttpStatus != 429).ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        int? status = failing[0].HttpStatus;
        string remediation = status switch
        {
            >= 500 => "A server or gateway on the way failed: retry, and check Azure status for the registry's region. A proxy or firewall answering for the registry shows here too.",
            403 => "Something between this client and the registry refused the request without ACR's DENIED error: a web filter or a transparent proxy. Allow the registry's hosts on it.",
            401 => "The answer lacks ACR's Bearer challenge: something in between rewrites it, or the host is not an Azure Container Registry.",
            _ => $"GET /v2/ answered {status}: check that {o.LoginServer} is the registry's login server and that nothing in between answers for it.",
        };
        yield return FindingCatalog.Create(
            FindingCode.RegistryChallengeMissing,
            o.LoginServer,
            $"{o.LoginServer} answers GET /v2/ with {status} instead of ACR's 401 Bearer challenge.",
            failing.Select(Facts.Evidence),
            remediation);
    }
}
