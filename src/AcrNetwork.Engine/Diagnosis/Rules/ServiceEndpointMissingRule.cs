namespace AcrNetwork;

/// <summary>
/// The registry admits VNets by rule: the client's subnet is among its VNet rules but lacks the
/// <c>Microsoft.ContainerRegistry</c> service endpoint (so ACR sees a public address), or carries the endpoint but is
/// not among the rules while the registry's firewall refuses the client.
/// </summary>
internal sealed class ServiceEndpointMissingRule : IDiagnosisRule
{
    private const string ContainerRegistryService = "Microsoft.ContainerRegistry";

    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.RegistryFirewallDeniedClient];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.TryGetClientNetwork(out ClientSubnet subnet, out VirtualNetwork network) || o.Config is not { DefaultAction: NetworkRuleAction.Deny } config)
        {
            yield break;
        }

        bool listed = config.VirtualNetworkRules.Any(rule => VirtualNetworkReach.SameResource(rule.SubnetId, subnet.ResourceId));
        bool hasEndpoint = subnet.ServiceEndpoints.Contains(ContainerRegistryService, StringComparer.OrdinalIgnoreCase);
        var denied = o.Denied();
        if (listed == hasEndpoint || (!listed && denied.Count == 0))
        {
            yield break;
        }

        var evidence = new List<string>
        {
            $"The client's subnet {subnet.Name} ({subnet.ResourceId}) has service endpoints [{string.Join(", ", subnet.ServiceEndpoints)}] (ARM).",
            $"The registry's VNet rules: [{string.Join(", ", config.VirtualNetworkRules.Select(r => r.SubnetId))}] (ARM).",
        };
        evidence.AddRange(denied.Select(Facts.Evidence));
        string group = ClientNetworkFacts.ResourceGroupOf(network.ResourceId);
        yield return FindingCatalog.Create(
            FindingCode.ServiceEndpointMissing,
            subnet.Name,
            listed
                ? $"The registry's VNet rules allow the client's subnet {subnet.Name}, but the subnet has no {ContainerRegistryService} service endpoint: ACR sees the client's public address, not the subnet."
                : $"The client's subnet {subnet.Name} has the {ContainerRegistryService} service endpoint, but the registry's VNet rules do not list it, and its firewall refuses the client.",
            evidence,
            listed
                ? $"Enable the service endpoint on the subnet: az network vnet subnet update -g {group} --vnet-name {network.Name} -n {subnet.Name} --service-endpoints {string.Join(" ", subnet.ServiceEndpoints.Append(ContainerRegistryService))}."
                : $"Add the subnet to the registry's network rules: az acr network-rule add -n {o.Name()} --subnet {subnet.ResourceId}.",
            denied.Count > 0 ? o.ScopeOf(denied) : FindingScope.Registry,
            denied.Count > 0 ? null : PullStage.Configuration);
    }
}
