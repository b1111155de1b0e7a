using System.Globalization;
using System.Net;

namespace AcrNetwork;

/// <summary>The rule of one NSG that decides a flow: the first rule, by priority, of the flow's direction that it matches.</summary>
internal sealed record SecurityDecision(NetworkSecurityGroup Group, SecurityRule Rule, SecurityRuleDirection Direction, NetworkFlow Flow)
{
    public bool Allowed => Rule.Access == SecurityRuleAccess.Allow;

    public override string ToString() =>
        $"NSG {Group.Name} ({Group.AppliedTo}{(Group.EffectiveRules ? ", effective rules" : "")}): {Flow.Destination}:{Flow.Port} {Direction.ToString().ToLowerInvariant()} matches {(Rule.IsDefault ? "default rule" : "rule")} "
        + $"{Rule.Name} (priority {Rule.Priority}, {Rule.Access} {Rule.Protocol} to {string.Join(",", Rule.DestinationAddressPrefixes)} port {string.Join(",", Rule.DestinationPortRanges)})";
}

/// <summary>
/// Decides a flow as Azure does: the rules of the direction in priority order (lowest number first); the first whose
/// protocol, destination port range and source and destination prefixes (CIDR, address, service tag or <c>*</c>) all
/// match decides, allow or deny. Azure's default rules come last, so every flow meets a rule.
/// </summary>
internal static class SecurityRuleEvaluator
{
    /// <summary>The default rules every NSG has, used when an answer lists none (priorities 65000-65500).</summary>
    public static IReadOnlyList<SecurityRule> DefaultRules { get; } =
    [
        Default("AllowVnetInBound", 65000, SecurityRuleDirection.Inbound, SecurityRuleAccess.Allow, ServiceTags.VirtualNetwork, ServiceTags.VirtualNetwork),
        Default("AllowAzureLoadBalancerInBound", 65001, SecurityRuleDirection.Inbound, SecurityRuleAccess.Allow, "AzureLoadBalancer", "*"),
        Default("DenyAllInBound", 65500, SecurityRuleDirection.Inbound, SecurityRuleAccess.Deny, "*", "*"),
        Default("AllowVnetOutBound", 65000, SecurityRuleDirection.Outbound, SecurityRuleAccess.Allow, ServiceTags.VirtualNetwork, ServiceTags.VirtualNetwork),
        Default("AllowInternetOutBound", 65001, SecurityRuleDirection.Outbound, SecurityRuleAccess.Allow, "*", ServiceTags.Internet),
        Default("DenyAllOutBound", 65500, SecurityRuleDirection.Outbound, SecurityRuleAccess.Deny, "*", "*"),
    ];

    public static SecurityDecision Evaluate(NetworkSecurityGroup group, SecurityRuleDirection direction, NetworkFlow flow)
    {
        IEnumerable<SecurityRule> rules = group.Rules.Where(rule => rule.Direction == direction);
        if (!group.Rules.Any(rule => rule.IsDefault))
        {
            rules = rules.Concat(DefaultRules.Where(rule => rule.Direction == direction));
        }

        // Effective rules write the default deny as 0.0.0.0/0, which no IPv6 flow matches: Azure denies it all the same.
        SecurityRule decisive = rules
            .OrderBy(rule => rule.Priority)
            .ThenBy(rule => rule.IsDefault)
            .FirstOrDefault(rule => Matches(rule, flow))
            ?? DefaultRules.Last(rule => rule.Direction == direction);
        return new SecurityDecision(group, decisive, direction, flow);
    }

    /// <summary>Prefixes ARM expanded a service tag into decide instead of the tag (the module's own tag table is a guess).</summary>
    public static bool Matches(SecurityRule rule, NetworkFlow flow) =>
        ProtocolMatches(rule.Protocol, flow.Protocol)
        && rule.DestinationPortRanges.Any(range => PortRangeContains(range, flow.Port))
        && (rule.ExpandedSourceAddressPrefixes.Count > 0 ? rule.ExpandedSourceAddressPrefixes : rule.SourceAddressPrefixes).Any(prefix => SourceMatches(prefix, flow))
        && (rule.ExpandedDestinationAddressPrefixes.Count > 0 ? rule.ExpandedDestinationAddressPrefixes : rule.DestinationAddressPrefixes)
            .Any(prefix => AddressMatches(prefix, flow.Destination, flow.DestinationTags));

    /// <summary><c>*</c>, one port, or an inclusive range such as <c>443-445</c>.</summary>
    public static bool PortRangeContains(string range, int port)
    {
        string text = range.Trim();
        if (text == "*")
        {
            return true;
        }

        string[] bounds = text.Split('-', 2);
        return int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out int low)
            && int.TryParse(bounds.Length == 2 ? bounds[1] : bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out int high)
            && port >= low && port <= high;
    }

    private static bool ProtocolMatches(string ruleProtocol, string flowProtocol) =>
        ruleProtocol is "*"
        || ruleProtocol.Equals("Any", StringComparison.OrdinalIgnoreCase)
        || ruleProtocol.Equals("All", StringComparison.OrdinalIgnoreCase)
        || ruleProtocol.Equals(flowProtocol, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>*</c>, a CIDR or address holding the address, or a service tag the address is in.</summary>
    internal static bool AddressMatches(string prefix, IPAddress address, IReadOnlyList<string> tags) =>
        IsAny(prefix) || ServiceTags.Contains(prefix, address) || tags.Contains(prefix.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The client may be any address of its subnet: a source CIDR matches when it holds the whole subnet.</summary>
    internal static bool SourceMatches(string prefix, NetworkFlow flow)
    {
        if (IsAny(prefix) || flow.SourceTags.Contains(prefix.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPNetwork.TryParse(prefix, out IPNetwork network)
            && network.BaseAddress.AddressFamily == flow.Source.BaseAddress.AddressFamily
            && network.PrefixLength <= flow.Source.PrefixLength
            && network.Contains(flow.Source.BaseAddress);
    }

    private static bool IsAny(string prefix) => prefix.Trim() is "*" || prefix.Trim().Equals("Any", StringComparison.OrdinalIgnoreCase);

    private static SecurityRule Default(string name, int priority, SecurityRuleDirection direction, SecurityRuleAccess access, string source, string destination) => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = access,
        SourceAddressPrefixes = [source],
        DestinationAddressPrefixes = [destination],
        IsDefault = true,
    };
}
