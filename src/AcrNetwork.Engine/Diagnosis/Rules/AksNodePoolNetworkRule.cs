namespace AcrNetwork;

/// <summary>
/// Judges each AKS node pool's subnet as a client's own: the client-network rules run once per examined subnet, and
/// their findings (same codes) name the node pools beside the NSG, route, peering or zone link to change. Asked about a
/// cluster, its nodes' path is the one to fix first: <see cref="Finding.AboutAksNodePools"/> puts these findings ahead of
/// the client's own of the same code.
/// </summary>
internal sealed class AksNodePoolNetworkRule : IDiagnosisRule
{
    private static readonly IReadOnlyList<IDiagnosisRule> ClientNetworkRules =
    [
        new PrivateDnsZoneNotLinkedRule(),
        new CustomDnsServerCannotSeeZoneRule(),
        new NsgDeniesRegistryTrafficRule(),
        new AzureFirewallDeniesRegistryRule(),
        new RouteDivertsRegistryTrafficRule(),
        new VirtualNetworkNotConnectedRule(),
        new ServiceEndpointMissingRule(),
    ];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.AksCluster is not { } cluster)
        {
            yield break;
        }

        foreach (AksNodePoolNetwork pools in o.NodePoolNetworks.Where(n => n.Network.Examined))
        {
            DiagnosisObservations fromPools = o with { ClientNetwork = pools.Network };
            foreach (Finding finding in ClientNetworkRules.SelectMany(rule => rule.Evaluate(fromPools)))
            {
                yield return NamingNodePools(finding, cluster, pools);
            }
        }
    }

    private const string UserDefinedRouting = "userDefinedRouting";

    private static Finding NamingNodePools(Finding finding, AksCluster cluster, AksNodePoolNetwork pools)
    {
        string plural = pools.NodePools.Count == 1 ? "" : "s";
        IEnumerable<string> poolEvidence = pools.NodePools.Select(p =>
            $"Node pool {p.Name}{(p.Mode is null ? "" : $" ({p.Mode})")} of AKS cluster {cluster.Name} runs in subnet {p.SubnetId} (agentPoolProfiles[].vnetSubnetID, ARM).");

        // With user-defined routing the route table is the cluster's only way out, by design: the route is to be kept, what it leads to changed.
        if (finding.CatalogCode is FindingCode.AzureFirewallDeniesRegistry or FindingCode.RouteDivertsRegistryTraffic
            && string.Equals(cluster.OutboundType, UserDefinedRouting, StringComparison.OrdinalIgnoreCase))
        {
            poolEvidence = poolEvidence.Append(
                $"AKS cluster {cluster.Name} has outbound type {UserDefinedRouting} (networkProfile.outboundType): its nodes' egress, pulls included, follows their subnet's route table, not an AKS-managed load balancer or NAT gateway.");
        }
        return FindingCatalog.Create(
            finding.CatalogCode,
            finding.Target,
            $"{finding.Summary.TrimEnd('.')} (the client here is AKS cluster {cluster.Name}'s node pool{plural} {pools.PoolNames}).",
            [.. poolEvidence, .. finding.Evidence],
            finding.Remediation,
            finding.Scope,
            finding.Stage).AboutNodePools();
    }
}
