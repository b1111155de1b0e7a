using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads the client network's ARM payloads (Microsoft.Network 2025-05-01: subnet, virtual network, network security
/// group, route table, network interface, Azure Firewall, firewall policy and its rule collection groups, IP group)
/// into the module's models. Tolerant: missing or unknown fields give empty
/// values, never exceptions.
/// </summary>
internal static class ClientNetworkParser
{
    public static ClientSubnet ParseSubnet(JsonNode subnet, string resourceId)
    {
        JsonNode properties = Properties(subnet);
        return new ClientSubnet
        {
            Name = JsonFields.String(JsonFields.Find(subnet, "name")) ?? AzureResourceId.Parse(resourceId).Name ?? "",
            ResourceId = JsonFields.String(JsonFields.Find(subnet, "id")) ?? resourceId,
            AddressPrefixes = Strings(properties, "addressPrefix", "addressPrefixes"),
            NetworkSecurityGroupId = JsonFields.String(JsonFields.FindPath(properties, "networkSecurityGroup.id")),
            RouteTableId = JsonFields.String(JsonFields.FindPath(properties, "routeTable.id")),
            ServiceEndpoints = JsonFields.Items(JsonFields.Find(properties, "serviceEndpoints"))
                .Select(endpoint => JsonFields.String(JsonFields.Find(endpoint, "service")))
                .OfType<string>()
                .ToList(),
            PrivateEndpointNetworkPolicies = JsonFields.String(JsonFields.Find(properties, "privateEndpointNetworkPolicies")),
        };
    }

    public static VirtualNetwork ParseVirtualNetwork(JsonNode network, string resourceId)
    {
        JsonNode properties = Properties(network);
        return new VirtualNetwork
        {
            Name = JsonFields.String(JsonFields.Find(network, "name")) ?? AzureResourceId.Parse(resourceId).Name ?? "",
            ResourceId = JsonFields.String(JsonFields.Find(network, "id")) ?? resourceId,
            AddressPrefixes = Strings(JsonFields.Find(properties, "addressSpace"), "addressPrefixes"),
            DnsServers = Strings(JsonFields.Find(properties, "dhcpOptions"), "dnsServers"),
            Peerings = JsonFields.Items(JsonFields.Find(properties, "virtualNetworkPeerings")).Select(ParsePeering).ToList(),
        };
    }

    public static VirtualNetworkPeering ParsePeering(JsonNode peering)
    {
        JsonNode properties = Properties(peering);
        return new VirtualNetworkPeering
        {
            Name = JsonFields.String(JsonFields.Find(peering, "name")) ?? "",
            RemoteVirtualNetworkId = JsonFields.String(JsonFields.FindPath(properties, "remoteVirtualNetwork.id")) ?? "",
            PeeringState = JsonFields.String(JsonFields.Find(properties, "peeringState")),
            AllowVirtualNetworkAccess = JsonFields.Bool(JsonFields.Find(properties, "allowVirtualNetworkAccess")) ?? true,
            RemoteAddressPrefixes = Strings(JsonFields.Find(properties, "remoteAddressSpace", "remoteVirtualNetworkAddressSpace"), "addressPrefixes"),
        };
    }

    public static NetworkSecurityGroup ParseNetworkSecurityGroup(JsonNode group, string resourceId, NetworkSecurityGroupScope appliedTo)
    {
        JsonNode properties = Properties(group);
        return new NetworkSecurityGroup
        {
            Name = JsonFields.String(JsonFields.Find(group, "name")) ?? AzureResourceId.Parse(resourceId).Name ?? "",
            ResourceId = JsonFields.String(JsonFields.Find(group, "id")) ?? resourceId,
            AppliedTo = appliedTo,
            Rules =
            [
                .. JsonFields.Items(JsonFields.Find(properties, "securityRules")).Select(rule => ParseSecurityRule(rule, isDefault: false)).OfType<SecurityRule>(),
                .. JsonFields.Items(JsonFields.Find(properties, "defaultSecurityRules")).Select(rule => ParseSecurityRule(rule, isDefault: true)).OfType<SecurityRule>(),
            ],
        };
    }

    /// <summary>
    /// A rule of an NSG, or an effective rule (its fields unwrapped, named <c>securityRules/&lt;name&gt;</c>, with the
    /// prefixes service tags expand into). A rule without a priority, direction or access is not one ARM would apply: it is left out.
    /// </summary>
    public static SecurityRule? ParseSecurityRule(JsonNode rule, bool isDefault)
    {
        JsonNode properties = Properties(rule);
        if (!int.TryParse(JsonFields.String(JsonFields.Find(properties, "priority")), NumberStyles.Integer, CultureInfo.InvariantCulture, out int priority)
            || !Enum.TryParse(JsonFields.String(JsonFields.Find(properties, "direction")), ignoreCase: true, out SecurityRuleDirection direction)
            || !Enum.TryParse(JsonFields.String(JsonFields.Find(properties, "access")), ignoreCase: true, out SecurityRuleAccess access))
        {
            return null;
        }

        return new SecurityRule
        {
            Name = (JsonFields.String(JsonFields.Find(rule, "name")) ?? "").Split('/')[^1],
            Priority = priority,
            Direction = direction,
            Access = access,
            Protocol = JsonFields.String(JsonFields.Find(properties, "protocol")) ?? "*",
            SourceAddressPrefixes = Strings(properties, "sourceAddressPrefix", "sourceAddressPrefixes"),
            DestinationAddressPrefixes = Strings(properties, "destinationAddressPrefix", "destinationAddressPrefixes"),
            DestinationPortRanges = Strings(properties, "destinationPortRange", "destinationPortRanges"),
            IsDefault = isDefault,
            ExpandedSourceAddressPrefixes = Strings(properties, "expandedSourceAddressPrefix"),
            ExpandedDestinationAddressPrefixes = Strings(properties, "expandedDestinationAddressPrefix"),
        };
    }

    /// <summary>
    /// A NIC's <c>effectiveNetworkSecurityGroups</c> answer: each NSG that acts on the NIC (its subnet's, its own) with
    /// the rules ARM applies, default rules and service tags expanded into prefixes included.
    /// </summary>
    public static IReadOnlyList<NetworkSecurityGroup> ParseEffectiveSecurityGroups(JsonNode answer) =>
        JsonFields.Items(JsonFields.Find(answer, "value")).Select(entry =>
        {
            string id = JsonFields.String(JsonFields.Find(JsonFields.Find(entry, "networkSecurityGroup"), "id")) ?? "";
            bool onSubnet = JsonFields.Find(JsonFields.Find(entry, "association"), "subnet") is not null;
            return new NetworkSecurityGroup
            {
                Name = AzureResourceId.Parse(id).Name ?? id,
                ResourceId = id,
                AppliedTo = onSubnet ? NetworkSecurityGroupScope.Subnet : NetworkSecurityGroupScope.NetworkInterface,
                EffectiveRules = true,
                Rules = JsonFields.Items(JsonFields.Find(entry, "effectiveSecurityRules"))
                    .Select(rule => ParseSecurityRule(rule, (JsonFields.String(JsonFields.Find(rule, "name")) ?? "").StartsWith("defaultSecurityRules/", StringComparison.OrdinalIgnoreCase)))
                    .OfType<SecurityRule>()
                    .ToList(),
            };
        }).ToList();

    /// <summary>
    /// A NIC's <c>effectiveRouteTable</c> answer, one route per address prefix; routes ARM marks <c>Invalid</c> (a user
    /// route a better one overrides, a peering route without its peering) carry no traffic and are left out.
    /// </summary>
    public static IReadOnlyList<Route> ParseEffectiveRoutes(JsonNode answer) =>
        JsonFields.Items(JsonFields.Find(answer, "value"))
            .Where(entry => !string.Equals(JsonFields.String(JsonFields.Find(entry, "state")), "Invalid", StringComparison.OrdinalIgnoreCase))
            .SelectMany(entry =>
            {
                string source = JsonFields.String(JsonFields.Find(entry, "source")) ?? "Default";
                string? nextHopType = JsonFields.String(JsonFields.Find(entry, "nextHopType"));
                RouteNextHopType nextHop = string.Equals(nextHopType, "VNetGlobalPeering", StringComparison.OrdinalIgnoreCase)
                    ? RouteNextHopType.VNetPeering
                    : JsonFields.Enum<RouteNextHopType>(JsonFields.Find(entry, "nextHopType")) ?? RouteNextHopType.Unknown;
                string? name = JsonFields.String(JsonFields.Find(entry, "name"));
                string? nextHopIp = Strings(entry, "nextHopIpAddress").FirstOrDefault();
                return Strings(entry, "addressPrefix").Select(prefix => new Route
                {
                    Name = name ?? source,
                    AddressPrefix = prefix,
                    NextHopType = nextHop,
                    NextHopIpAddress = nextHopIp,
                    IsUserDefined = source.Equals("User", StringComparison.OrdinalIgnoreCase),
                });
            })
            .ToList();

    public static RouteTable ParseRouteTable(JsonNode table, string resourceId)
    {
        JsonNode properties = Properties(table);
        return new RouteTable
        {
            Name = JsonFields.String(JsonFields.Find(table, "name")) ?? AzureResourceId.Parse(resourceId).Name ?? "",
            ResourceId = JsonFields.String(JsonFields.Find(table, "id")) ?? resourceId,
            Routes = JsonFields.Items(JsonFields.Find(properties, "routes")).Select(route =>
            {
                JsonNode routeProperties = Properties(route);
                return new Route
                {
                    Name = JsonFields.String(JsonFields.Find(route, "name")) ?? "",
                    AddressPrefix = JsonFields.String(JsonFields.Find(routeProperties, "addressPrefix")) ?? "",
                    NextHopType = JsonFields.Enum<RouteNextHopType>(JsonFields.Find(routeProperties, "nextHopType")) ?? RouteNextHopType.Unknown,
                    NextHopIpAddress = JsonFields.String(JsonFields.Find(routeProperties, "nextHopIpAddress")),
                };
            }).ToList(),
        };
    }

    /// <summary>A NIC's subnets (one per IP configuration) and the NSG attached to the NIC itself.</summary>
    public static (IReadOnlyList<string> SubnetIds, string? NetworkSecurityGroupId) ParseNetworkInterface(JsonNode networkInterface)
    {
        JsonNode properties = Properties(networkInterface);
        var subnets = JsonFields.Items(JsonFields.Find(properties, "ipConfigurations"))
            .Select(configuration => JsonFields.String(JsonFields.FindPath(Properties(configuration), "subnet.id")))
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return (subnets, JsonFields.String(JsonFields.FindPath(properties, "networkSecurityGroup.id")));
    }

    /// <summary>A VM's primary NIC (<c>networkProfile.networkInterfaces[]</c>, the one marked primary, else the first).</summary>
    public static string? ParsePrimaryNetworkInterfaceId(JsonNode virtualMachine)
    {
        var interfaces = JsonFields.Items(JsonFields.FindPath(Properties(virtualMachine), "networkProfile.networkInterfaces")).ToList();
        JsonNode? primary = interfaces.FirstOrDefault(nic => JsonFields.Bool(JsonFields.FindPath(nic, "properties.primary")) == true) ?? interfaces.FirstOrDefault();
        return JsonFields.String(JsonFields.Find(primary, "id"));
    }

    /// <summary>
    /// An Azure Firewall: the private addresses a route names as next hop, its firewall policy, and its classic
    /// application and network rule collections (a firewall with a policy has none).
    /// </summary>
    public static AzureFirewall ParseAzureFirewall(JsonNode firewall)
    {
        JsonNode properties = Properties(firewall);
        return new AzureFirewall
        {
            Name = JsonFields.String(JsonFields.Find(firewall, "name")) ?? "",
            ResourceId = JsonFields.String(JsonFields.Find(firewall, "id")) ?? "",
            PrivateIpAddresses = JsonFields.Items(JsonFields.Find(properties, "ipConfigurations"))
                .Select(configuration => JsonFields.String(JsonFields.Find(Properties(configuration), "privateIPAddress")))
                .OfType<string>()
                .ToList(),
            FirewallPolicyId = JsonFields.String(JsonFields.FindPath(properties, "firewallPolicy.id")),
            RuleCollections =
            [
                .. JsonFields.Items(JsonFields.Find(properties, "networkRuleCollections")).Select(collection => ParseRuleCollection(collection, null, 0, 1, FirewallRuleKind.Network)).OfType<FirewallRuleCollection>(),
                .. JsonFields.Items(JsonFields.Find(properties, "applicationRuleCollections")).Select(collection => ParseRuleCollection(collection, null, 0, 1, FirewallRuleKind.Application)).OfType<FirewallRuleCollection>(),
            ],
        };
    }

    /// <summary>A firewall policy's rule collection groups and its parent policy (<c>basePolicy</c>).</summary>
    public static (IReadOnlyList<string> RuleCollectionGroupIds, string? BasePolicyId) ParseFirewallPolicy(JsonNode policy)
    {
        JsonNode properties = Properties(policy);
        return (
            JsonFields.Items(JsonFields.Find(properties, "ruleCollectionGroups")).Select(group => JsonFields.String(JsonFields.Find(group, "id"))).OfType<string>().ToList(),
            JsonFields.String(JsonFields.FindPath(properties, "basePolicy.id")));
    }

    /// <summary>
    /// The filter rule collections of a policy's rule collection group (NAT collections only translate inbound traffic).
    /// </summary>
    /// <param name="policyTier">0 for a parent policy's group, 1 for the firewall's own policy.</param>
    public static IReadOnlyList<FirewallRuleCollection> ParseRuleCollectionGroup(JsonNode group, int policyTier)
    {
        JsonNode properties = Properties(group);
        string name = JsonFields.String(JsonFields.Find(group, "name")) ?? "";
        int groupPriority = Int(JsonFields.Find(properties, "priority")) ?? 0;
        return JsonFields.Items(JsonFields.Find(properties, "ruleCollections"))
            .Where(collection => string.Equals(JsonFields.String(JsonFields.Find(collection, "ruleCollectionType")), "FirewallPolicyFilterRuleCollection", StringComparison.OrdinalIgnoreCase))
            .Select(collection => ParseRuleCollection(collection, name, groupPriority, policyTier, kind: null))
            .OfType<FirewallRuleCollection>()
            .ToList();
    }

    /// <summary>An IP group's addresses, CIDRs and ranges.</summary>
    public static IReadOnlyList<string> ParseIpGroup(JsonNode group) => Strings(Properties(group), "ipAddresses");

    /// <summary>
    /// A classic collection (its fields under <c>properties</c>, every rule of <paramref name="kind"/>) or a policy's
    /// (fields inline, each rule naming its <c>ruleType</c>). One without a priority or an Allow/Deny action is left out.
    /// </summary>
    private static FirewallRuleCollection? ParseRuleCollection(JsonNode collection, string? groupName, int groupPriority, int policyTier, FirewallRuleKind? kind)
    {
        JsonNode fields = kind is null ? collection : Properties(collection);
        if (Int(JsonFields.Find(fields, "priority")) is not int priority
            || !Enum.TryParse(JsonFields.String(JsonFields.FindPath(fields, "action.type")), ignoreCase: true, out SecurityRuleAccess action))
        {
            return null;
        }

        return new FirewallRuleCollection
        {
            Name = JsonFields.String(JsonFields.Find(collection, "name")) ?? "",
            GroupName = groupName,
            GroupPriority = groupPriority,
            Priority = priority,
            PolicyTier = policyTier,
            Action = action,
            Rules = JsonFields.Items(JsonFields.Find(fields, "rules")).Select(rule => ParseFirewallRule(rule, kind)).OfType<FirewallRule>().ToList(),
        };
    }

    private static FirewallRule? ParseFirewallRule(JsonNode rule, FirewallRuleKind? kind)
    {
        FirewallRuleKind? ruleKind = kind ?? JsonFields.String(JsonFields.Find(rule, "ruleType")) switch
        {
            "NetworkRule" => FirewallRuleKind.Network,
            "ApplicationRule" => FirewallRuleKind.Application,
            _ => null,
        };
        if (ruleKind is not { } resolved)
        {
            return null;
        }

        IReadOnlyList<string> protocols = resolved == FirewallRuleKind.Application
            ? JsonFields.Items(JsonFields.Find(rule, "protocols"))
                .Select(protocol => $"{JsonFields.String(JsonFields.Find(protocol, "protocolType"))}:{JsonFields.String(JsonFields.Find(protocol, "port"))}")
                .ToList()
            : Strings(rule, "ipProtocols", "protocols");
        return new FirewallRule
        {
            Name = JsonFields.String(JsonFields.Find(rule, "name")) ?? "",
            Kind = resolved,
            SourceAddresses = Strings(rule, "sourceAddresses"),
            SourceIpGroups = Strings(rule, "sourceIpGroups"),
            Protocols = protocols,
            DestinationAddresses = Strings(rule, "destinationAddresses"),
            DestinationIpGroups = Strings(rule, "destinationIpGroups"),
            DestinationPorts = Strings(rule, "destinationPorts"),
            DestinationFqdns = Strings(rule, "targetFqdns", "destinationFqdns"),
            FqdnTags = Strings(rule, "fqdnTags"),
        };
    }

    private static int? Int(JsonNode? node) =>
        int.TryParse(JsonFields.String(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    /// <summary>A property that ARM gives either as one string or as a list (<c>addressPrefix</c> / <c>addressPrefixes</c>).</summary>
    private static IReadOnlyList<string> Strings(JsonNode? node, params string[] names) =>
        names.SelectMany(name => JsonFields.Items(JsonFields.Find(node, name)))
            .Select(JsonFields.String)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static JsonNode Properties(JsonNode node) => JsonFields.Properties(node);
}
