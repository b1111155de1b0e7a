namespace AcrNetwork;

/// <summary>The login server works but a regional endpoint does not: clients that pull through that region's host fail.</summary>
public sealed class RegionalEndpointBlockedRule : IDiagnosisRule
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

        string regions = string.Join(", ", failing.Select(t => t.Region).Distinct());
        yield return FindingCatalog.Create(
            "RegionalEndpointBlocked",
            o.TargetOf(failing),
            $"{o.LoginServer} answers, but its regional endpoint in {regions} does not: clients that log in and pull through {Facts.Hosts(failing)} fail, those that use {o.LoginServer} do not.",
            failing.Select(Facts.Evidence),
            $"Allow outbound TCP 443 to {Facts.Hosts(failing)} (service tag AzureContainerRegistry.{failing[0].Region}) as well as to {o.LoginServer}, or pull through {o.LoginServer}.",
            FindingScope.SomePulls);
    }
}
