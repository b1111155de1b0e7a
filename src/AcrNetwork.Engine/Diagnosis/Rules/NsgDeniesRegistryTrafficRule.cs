namespace AcrNetwork;

/// <summary>
/// An NSG on the client's subnet or NIC denies outbound TCP 443 to an address the client connects to for the registry,
/// or the NSG of a private endpoint's subnet (whose policies apply NSGs) denies it inbound.
/// </summary>
internal sealed class NsgDeniesRegistryTrafficRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var denied = o.ClientPathDecisions().Where(d => d.NsgDenial is not null).ToList();
        if (denied.Count == 0)
        {
            yield break;
        }

        var tests = denied.Select(d => d.Test).ToList();
        var rules = denied.Select(d => d.Denial!).DistinctBy(d => (d.Group.ResourceId.ToLowerInvariant(), d.Rule.Name)).ToList();
        var evidence = denied.Select(d => $"{d.Test.Fqdn} ({d.Test.Role}, {d.Flow.Destination}): {d.Denial}.").ToList();
        evidence.AddRange(tests.Where(t => t.Status == EndpointStatus.Failed).Select(Facts.Evidence));
        string addresses = string.Join(", ", denied.Select(d => d.Flow.Destination.ToString()).Distinct());
        string subnet = ClientNetworkFacts.Describe(o.ClientNetwork.Subnet!);
        string fixes = string.Join(" ", rules.Select(d =>
        {
            if (d.Direction == SecurityRuleDirection.Inbound)
            {
                return InboundFix(d, denied.Where(x => x.Denial!.Group == d.Group).Select(x => x.Flow.Destination.ToString()).Distinct(), o.ClientNetwork.Subnet!);
            }

            string prefix = d.Flow.DestinationTags.Contains(ServiceTags.VirtualNetwork)
                ? string.Join(" ", denied.Where(x => x.Denial!.Group == d.Group).Select(x => x.Flow.Destination.ToString()).Distinct())
                : ServiceTags.AzureContainerRegistry;
            int priority = Math.Max(100, d.Rule.Priority - 1);
            return $"In NSG {d.Group.Name} (resource group {ClientNetworkFacts.ResourceGroupOf(d.Group.ResourceId)}) allow outbound TCP 443 to {prefix} ahead of {d.Rule.Name}: "
                + $"az network nsg rule create -g {ClientNetworkFacts.ResourceGroupOf(d.Group.ResourceId)} --nsg-name {d.Group.Name} -n AllowContainerRegistry443 --priority {priority} "
                + $"--direction Outbound --access Allow --protocol Tcp --destination-port-ranges 443 --destination-address-prefixes {prefix}.";
        }));
        yield return FindingCatalog.Create(
            FindingCode.NsgDeniesRegistryTraffic,
            o.TargetOf(tests),
            $"The network security group {string.Join(", ", rules.Select(d => $"{d.Group.Name} (rule {d.Rule.Name}, priority {d.Rule.Priority}{(d.Direction == SecurityRuleDirection.Inbound ? ", inbound at the private endpoint's subnet" : "")})"))} denies TCP 443 from the client's {subnet} to {addresses}.",
            evidence,
            fixes,
            o.ScopeOf(tests));
    }

    private static string InboundFix(SecurityDecision denial, IEnumerable<string> addresses, ClientSubnet client)
    {
        string group = ClientNetworkFacts.ResourceGroupOf(denial.Group.ResourceId);
        string sources = string.Join(" ", client.AddressPrefixes);
        string destinations = string.Join(" ", addresses);
        int priority = Math.Max(100, denial.Rule.Priority - 1);
        return $"In NSG {denial.Group.Name} (resource group {group}) of the private endpoint's subnet allow inbound TCP 443 from {sources} to {destinations} ahead of {denial.Rule.Name}: "
            + $"az network nsg rule create -g {group} --nsg-name {denial.Group.Name} -n AllowRegistryClients443 --priority {priority} --direction Inbound --access Allow --protocol Tcp "
            + $"--destination-port-ranges 443 --source-address-prefixes {sources} --destination-address-prefixes {destinations}.";
    }
}
