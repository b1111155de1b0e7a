namespace AcrNetwork;

/// <summary>The REST endpoint works but a data endpoint does not: logins succeed and layers fail in that region.</summary>
public sealed class DataEndpointBlockedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.RestAnswers())
        {
            yield break;
        }

        var failing = o.ClientPath().Where(t => t.Role == EndpointPurpose.Data && Facts.IsPublicPath(t) && BlobHost.IsBlocked(t)).ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        string regions = string.Join(", ", failing.Select(t => t.Region).Distinct());
        yield return FindingCatalog.Create(
            "DataEndpointBlocked",
            o.TargetOf(failing),
            $"{o.LoginServer} answers, but the data endpoint of {regions} does not: pulls served from {regions} log in and then fail to fetch layers.",
            failing.Select(Facts.Evidence),
            $"Allow outbound TCP 443 to {Facts.Hosts(failing)} as well as to {o.LoginServer} (service tag AzureContainerRegistry.<region>, e.g. "
            + $"AzureContainerRegistry.{failing[0].Region}). Allow the data endpoint of every replica region: a pull goes to the nearest replica.",
            o.ScopeOf(failing));
    }
}

/// <summary>What stops a data endpoint or storage host from serving a blob, other than the registry's firewall or TLS inspection.</summary>
internal static class BlobHost
{
    public static bool IsBlocked(EndpointTest t) =>
        Facts.IsCutOff(t)
        || (t.FailedStage == PullStage.Http && !Facts.IsDenied(t) && t.HttpStatus != 429);
}
