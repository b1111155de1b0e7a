namespace AcrNetwork;

/// <summary>
/// A route of the client's subnet sends registry traffic to an Azure Firewall whose rules deny a registry host on
/// TCP 443 (a Deny rule matches, or no rule allows it and the default deny drops it), and that host's connection failed.
/// </summary>
internal sealed class AzureFirewallDeniesRegistryRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var denied = o.ClientPathDecisions()
            .Where(d => d.Denial is null && d.Firewall is { Allowed: false } && d.Test.Status == EndpointStatus.Failed)
            .ToList();
        foreach (var byFirewall in denied.GroupBy(d => d.Firewall!.Firewall))
        {
            AzureFirewall firewall = byFirewall.Key;
            var decisions = byFirewall.ToList();
            var tests = decisions.Select(d => d.Test).ToList();
            var hosts = decisions.Select(d => d.Test.Fqdn.ToLowerInvariant()).Distinct().ToList();
            var evidence = decisions.Select(d => $"{d.Test.Fqdn} ({d.Test.Role}, {d.Flow.Destination}): {ClientNetworkFacts.RoutesSendIt(o.ClientNetwork)} by route {d.Route}; {d.Firewall}.").ToList();
            evidence.AddRange(tests.Select(Facts.Evidence));
            string matched = string.Join("; ", decisions.Select(d => d.Firewall!).DistinctBy(d => d.Host.ToLowerInvariant()).Select(d => d.Rule is null
                ? $"no rule allows {d.Host} (default deny)"
                : $"{d.Rule} in {d.Collection} denies {d.Host}"));
            yield return FindingCatalog.Create(
                FindingCode.AzureFirewallDeniesRegistry,
                o.TargetOf(tests),
                $"The Azure Firewall {firewall.Name} that the client's traffic is routed to does not allow TCP 443 to {string.Join(", ", hosts)}: {matched}.",
                evidence,
                Remediation(firewall, decisions, hosts, o.ClientNetwork.Subnet!),
                o.ScopeOf(tests));
        }
    }

    private static string Remediation(AzureFirewall firewall, IReadOnlyList<ClientPathDecision> decisions, IReadOnlyList<string> hosts, ClientSubnet subnet)
    {
        string sources = string.Join(" ", subnet.AddressPrefixes);
        string fqdns = string.Join(" ", hosts);
        string tags = string.Join(" ", decisions.Select(d => d.Test.Role == EndpointPurpose.Storage ? ServiceTags.Storage : ServiceTags.AzureContainerRegistry).Distinct());
        var deny = decisions.Select(d => d.Firewall!.Collection).OfType<FirewallRuleCollection>().FirstOrDefault();
        string ahead = deny is null ? "" : $" ahead of {deny}";
        if (firewall.FirewallPolicyId is { } policyId)
        {
            string policy = ClientNetworkFacts.NameOf(policyId);
            string group = ClientNetworkFacts.ResourceGroupOf(policyId);
            string collectionGroup = deny?.GroupName ?? "<rule collection group>";
            int priority = Math.Max(100, (deny?.Priority ?? 65000) - 1);
            return $"In firewall policy {policy} (resource group {group}) allow Https:443 to {fqdns} from {sources}{ahead}: "
                + $"az network firewall policy rule-collection-group collection add-filter-collection -g {group} --policy-name {policy} --rcg-name {collectionGroup} "
                + $"--name AllowContainerRegistry --collection-priority {priority} --action Allow --rule-type ApplicationRule --rule-name AllowRegistryHosts "
                + $"--protocols Https=443 --source-addresses {sources} --target-fqdns {fqdns}; or a network rule for TCP 443 to the service tag {tags}.";
        }

        string firewallGroup = ClientNetworkFacts.ResourceGroupOf(firewall.ResourceId);
        int classicPriority = Math.Max(100, (deny?.Priority ?? 65000) - 1);
        return $"On Azure Firewall {firewall.Name} (resource group {firewallGroup}) allow Https:443 to {fqdns} from {sources}{ahead}: "
            + $"az network firewall application-rule create -g {firewallGroup} --firewall-name {firewall.Name} --collection-name AllowContainerRegistry "
            + $"--priority {classicPriority} --action Allow --name AllowRegistryHosts --protocols Https=443 --source-addresses {sources} --target-fqdns {fqdns}; "
            + $"or a network rule for TCP 443 to the service tag {tags}.";
    }
}
