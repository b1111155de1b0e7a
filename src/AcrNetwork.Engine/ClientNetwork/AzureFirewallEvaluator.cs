using System.Net;

namespace AcrNetwork;

/// <summary>What an Azure Firewall does to the client's TCP 443 connection to one registry host: the rule that decides it, or none (default deny).</summary>
internal sealed record FirewallDecision(AzureFirewall Firewall, string Host, NetworkFlow Flow, FirewallRuleCollection? Collection, FirewallRule? Rule)
{
    public bool Allowed => Collection?.Action == SecurityRuleAccess.Allow;

    public override string ToString() =>
        Rule is null || Collection is null
            ? $"Azure Firewall {Firewall.Name}: no rule allows {Host} ({Flow.Destination}) on TCP 443, so its default deny drops it"
            : $"Azure Firewall {Firewall.Name}: {Host} ({Flow.Destination}) on TCP 443 matches {Rule} in {Collection}";
}

/// <summary>
/// Decides a connection as Azure Firewall does: network rules before application rules; within each kind, a parent
/// policy's rules before the child's, then by rule collection group priority and rule collection priority (lowest
/// number first); the first rule that matches allows or denies; when none matches, the firewall denies.
/// </summary>
internal static class AzureFirewallEvaluator
{
    public static FirewallDecision Evaluate(AzureFirewall firewall, string host, NetworkFlow flow)
    {
        var ordered = firewall.RuleCollections
            .OrderBy(collection => collection.PolicyTier)
            .ThenBy(collection => collection.GroupPriority)
            .ThenBy(collection => collection.Priority)
            .SelectMany(collection => collection.Rules.Select(rule => (Collection: collection, Rule: rule)))
            .ToList();
        foreach (FirewallRuleKind kind in (FirewallRuleKind[])[FirewallRuleKind.Network, FirewallRuleKind.Application])
        {
            foreach ((FirewallRuleCollection collection, FirewallRule rule) in ordered.Where(pair => pair.Rule.Kind == kind))
            {
                if (Matches(firewall, rule, host, flow))
                {
                    return new FirewallDecision(firewall, host, flow, collection, rule);
                }
            }
        }

        return new FirewallDecision(firewall, host, flow, null, null);
    }

    public static bool Matches(AzureFirewall firewall, FirewallRule rule, string host, NetworkFlow flow)
    {
        bool source = rule.SourceAddresses.Any(address => SourceMatches(address, flow))
            || rule.SourceIpGroups.Any(group => GroupAddresses(firewall, group).Any(address => SourceMatches(address, flow)));
        if (!source)
        {
            return false;
        }

        if (rule.Kind == FirewallRuleKind.Application)
        {
            // FQDN tags and web categories name Microsoft's hosts or kinds of sites, never a customer's registry.
            return rule.Protocols.Any(protocol => protocol.Equals($"Https:{flow.Port}", StringComparison.OrdinalIgnoreCase))
                && rule.DestinationFqdns.Any(pattern => FqdnMatches(pattern, host));
        }

        return rule.Protocols.Any(protocol => protocol.Equals(flow.Protocol, StringComparison.OrdinalIgnoreCase) || protocol.Equals("Any", StringComparison.OrdinalIgnoreCase))
            && rule.DestinationPorts.Any(range => SecurityRuleEvaluator.PortRangeContains(range, flow.Port))
            && (rule.DestinationAddresses.Any(address => DestinationMatches(address, flow))
                || rule.DestinationIpGroups.Any(group => GroupAddresses(firewall, group).Any(address => DestinationMatches(address, flow)))
                || rule.DestinationFqdns.Any(fqdn => FqdnMatches(fqdn, host)));
    }

    /// <summary><c>*</c> matches every host; <c>*.azurecr.io</c> every name below azurecr.io; anything else only itself.</summary>
    public static bool FqdnMatches(string pattern, string host)
    {
        string text = pattern.Trim().TrimEnd('.');
        string name = host.Trim().TrimEnd('.');
        if (text == "*")
        {
            return true;
        }

        return text.StartsWith("*.", StringComparison.Ordinal)
            ? name.EndsWith(text[1..], StringComparison.OrdinalIgnoreCase)
            : name.Equals(text, StringComparison.OrdinalIgnoreCase);
    }

    private static IReadOnlyList<string> GroupAddresses(AzureFirewall firewall, string groupId) =>
        firewall.IpGroups.TryGetValue(groupId, out IReadOnlyList<string>? addresses) ? addresses : [];

    private static bool DestinationMatches(string address, NetworkFlow flow) =>
        TryParseRange(address, out IPAddress? first, out IPAddress? last)
            ? InRange(flow.Destination, first!, last!)
            : SecurityRuleEvaluator.AddressMatches(address, flow.Destination, flow.DestinationTags);

    /// <summary>The client may be any address of its subnet: a source matches when it holds the whole subnet.</summary>
    private static bool SourceMatches(string address, NetworkFlow flow)
    {
        if (!TryParseRange(address, out IPAddress? first, out IPAddress? last))
        {
            return SecurityRuleEvaluator.SourceMatches(address, flow);
        }

        IPNetwork subnet = flow.Source;
        return InRange(subnet.BaseAddress, first!, last!) && InRange(LastAddress(subnet), first!, last!);
    }

    /// <summary>An address range as Azure Firewall writes it: <c>10.1.4.12-10.1.4.255</c>.</summary>
    private static bool TryParseRange(string text, out IPAddress? first, out IPAddress? last)
    {
        first = last = null;
        string[] bounds = text.Trim().Split('-', 2);
        return bounds.Length == 2
            && IPAddress.TryParse(bounds[0], out first)
            && IPAddress.TryParse(bounds[1], out last)
            && first.AddressFamily == last.AddressFamily;
    }

    private static bool InRange(IPAddress address, IPAddress first, IPAddress last) =>
        address.AddressFamily == first.AddressFamily
        && Compare(address, first) >= 0
        && Compare(address, last) <= 0;

    private static int Compare(IPAddress left, IPAddress right) =>
        ((ReadOnlySpan<byte>)left.GetAddressBytes()).SequenceCompareTo(right.GetAddressBytes());

    private static IPAddress LastAddress(IPNetwork network)
    {
        byte[] bytes = network.BaseAddress.GetAddressBytes();
        for (int bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
