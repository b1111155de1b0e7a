namespace AcrNetwork;

/// <summary>
/// A network-restricted registry with networkRuleBypassAllowedForTasks false: ACR Tasks that run on the shared
/// infrastructure reach the registry on its public endpoint and are refused; a Task on an agent pool in a VNet the
/// registry allows is not.
/// </summary>
internal sealed class TasksBlockedByNetworkRulesRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { TasksBypassAllowed: false } config || !config.EnforcesRestriction())
        {
            yield break;
        }

        string inside = config.PrivateEndpoints.Count > 0 ? "the private endpoint's VNet (or a VNet that resolves and reaches it)" : "a subnet the registry's VNet rules allow";
        yield return FindingCatalog.Create(
            FindingCode.TasksBlockedByNetworkRules,
            config.Name,
            $"ACR Tasks that run on the shared Tasks infrastructure cannot push to or pull from {config.Name}: it is network-restricted and does not let Tasks through (networkRuleBypassAllowedForTasks false), whatever the trusted services setting says.",
            [
                $"ARM: networkRuleBypassAllowedForTasks false; networkRuleBypassOptions {config.TrustedServicesBypass?.ToString() ?? "not given"}; public network access {config.PublicNetworkAccess}, default action {config.DefaultAction}, {config.PrivateEndpoints.Count} private endpoint(s).",
                $"A Task on a dedicated agent pool in {inside} reaches the registry from there and is not affected.",
            ],
            $"Let Tasks through: az resource update --ids {config.ResourceId ?? $"<{config.Name}'s resource ID>"} --set properties.networkRuleBypassAllowedForTasks=true "
            + $"(and give the Task's managed identity a role on the registry), or run the Task on an agent pool in {inside}: az acr agentpool create -r {config.Name} -n <pool> --subnet-id <subnet ID>, then az acr build --agent-pool <pool>.",
            FindingScope.Registry);
    }
}
