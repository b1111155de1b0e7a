namespace AcrNetwork;

/// <summary>A network-restricted registry with networkRuleBypassOptions None: ACR Tasks, Defender and other trusted services are locked out.</summary>
internal sealed class TrustedServicesBlockedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { TrustedServicesBypass: TrustedServicesBypass.None } config || !config.EnforcesRestriction())
        {
            yield break;
        }

        yield return FindingCatalog.Create(
            FindingCode.TrustedServicesBlocked,
            config.Name,
            $"{config.Name} is network-restricted and does not let trusted Azure services through: {(config.TasksBypassAllowed is null ? "ACR Tasks, " : "")}Microsoft Defender for Cloud, Machine Learning and other trusted services cannot reach it.",
            [$"ARM: networkRuleBypassOptions None; public network access {config.PublicNetworkAccess}, default action {config.DefaultAction}, {config.PrivateEndpoints.Count} private endpoint(s)."],
            $"Let trusted services through: az acr update -n {config.Name} --allow-trusted-services true (they still need a role on the registry, e.g. a Task's managed identity with AcrPush).",
            FindingScope.Registry);
    }
}
