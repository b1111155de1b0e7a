namespace AcrNetwork;

/// <summary>ARM returned IP rules that are not addresses or CIDR ranges: they cannot allow the clients they were written for.</summary>
internal sealed class IpRuleMalformedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { MalformedIpRules.Count: > 0 } config)
        {
            yield break;
        }

        string rules = string.Join(", ", config.MalformedIpRules.Select(rule => $"'{rule}'"));
        yield return FindingCatalog.Create(
            FindingCode.IpRuleMalformed,
            config.Name,
            $"{config.Name}'s IP rules {rules} are not IPv4 or IPv6 addresses or CIDR ranges: they allow no client, and the diagnosis left them out when matching this client's address.",
            [$"ARM: IP rules {rules} (the well-formed ones: [{string.Join(", ", config.IpRules)}]), default action {config.DefaultAction?.ToString() ?? "not given"}."],
            $"Replace them with the addresses or ranges meant (az acr network-rule remove -n {config.Name} --ip-address <rule>, then az acr network-rule add -n {config.Name} --ip-address <address or CIDR>); "
            + "check whatever wrote them (a template, a script) for the same mistake.",
            FindingScope.Registry);
    }
}
