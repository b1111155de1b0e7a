namespace AcrNetwork;

/// <summary>Network rules or private endpoints on a SKU below Premium: not enforced, and refused when saved ("Failed to save firewall and virtual network settings").</summary>
internal sealed class NetworkRulesRequirePremiumRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { Sku: RegistrySku.Basic or RegistrySku.Standard or RegistrySku.Classic } config)
        {
            yield break;
        }

        var wanted = new List<string>();
        if (config.DefaultAction == NetworkRuleAction.Deny)
        {
            wanted.Add("default action Deny");
        }

        if (config.IpRules.Count > 0)
        {
            wanted.Add($"IP rules [{string.Join(", ", config.IpRules)}]");
        }

        if (config.VirtualNetworkRules.Count > 0)
        {
            wanted.Add($"{config.VirtualNetworkRules.Count} VNet rule(s)");
        }

        if (config.PublicNetworkAccess == PublicNetworkAccess.Disabled)
        {
            wanted.Add("public network access disabled");
        }

        if (config.PrivateEndpoints.Count > 0)
        {
            wanted.Add($"{config.PrivateEndpoints.Count} private endpoint(s)");
        }

        if (wanted.Count == 0)
        {
            yield break;
        }

        var evidence = new List<string> { $"ARM: SKU {config.Sku}, with {string.Join(", ", wanted)}." };
        evidence.AddRange(o.Rest().Where(t => t.FailedStage is null && !Facts.IsDenied(t))
            .Select(t => $"The registry answered this client ({t.Fqdn}: {t.HttpStatus}): the rules are not enforced."));
        yield return FindingCatalog.Create(
            FindingCode.NetworkRulesRequirePremium,
            config.Name,
            $"{config.Name} is {config.Sku}, but its configuration asks for {string.Join(", ", wanted)}: ACR enforces these on Premium only, so the registry stays open.",
            evidence,
            $"Move to Premium to enforce them (az acr update -n {config.Name} --sku Premium), or remove them so the configuration says what is enforced "
            + $"(az acr update -n {config.Name} --default-action Allow).",
            FindingScope.Registry);
    }
}
