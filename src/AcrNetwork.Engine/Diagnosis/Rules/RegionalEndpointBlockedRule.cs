namespace AcrNetwork;

/// <summary>The login server works but a regional endpoint does not: clients that pull through that region's host fail.</summary>
internal sealed class RegionalEndpointBlockedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.RestAnswers())
        {
            yield break;
        }

        var failing = o.ClientPath().Where(t => t.Role == EndpointPurpose.Regional && t.Status == EndpointStatus.Failed && !Facts.IsDenied(t) && t.HttpStatus != 429).ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        var regions = failing.Select(t => t.Region).Distinct().ToList();
        string endpoints = regions.Count == 1 ? $"regional endpoint in {regions[0]} does not" : $"regional endpoints in {string.Join(", ", regions)} do not";
        yield return o.FindingAbout(
            FindingCode.RegionalEndpointBlocked,
            failing,
            $"{o.LoginServer} answers, but its {endpoints}: clients that log in and pull through {Facts.Hosts(failing)} fail, those that use {o.LoginServer} do not.",
            $"Allow outbound TCP 443 to {Facts.Hosts(failing)} (service tag {string.Join(", ", regions.Select(r => $"AzureContainerRegistry.{r}"))}) as well as to {o.LoginServer}, or pull through {o.LoginServer}.",
            FindingScope.SomePulls);
    }
}
