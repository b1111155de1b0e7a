namespace AcrNetwork;

/// <summary>The REST endpoint works but a data endpoint does not: logins succeed and layers fail in that region.</summary>
internal sealed class DataEndpointBlockedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var failing = o.BlockedBlobHosts(EndpointPurpose.Data).Where(Facts.IsPublicPath).ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        string regions = string.Join(", ", failing.Select(t => t.Region).Distinct());
        yield return o.FindingAbout(
            FindingCode.DataEndpointBlocked,
            failing,
            $"{o.LoginServer} answers, but the data endpoint of {regions} does not: pulls served from {regions} log in and then fail to fetch layers.",
            $"Allow outbound TCP 443 to {Facts.Hosts(failing)} as well as to {o.LoginServer} (service tag AzureContainerRegistry.<region>, e.g. "
            + $"AzureContainerRegistry.{failing[0].Region}). Allow the data endpoint of every replica region: a pull goes to the nearest replica.",
            o.ScopeOf(failing));
    }
}
