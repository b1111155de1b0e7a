using System.Net;
using System.Text.Json.Nodes;

namespace AcrNetwork.Tests.ClientNetwork;

/// <summary>The client network payloads of tests/data: upstream examples (their 200 body) and the derived spoke client.</summary>
internal static class ClientNetworkData
{
    public const string Spoke = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/spoke/providers/Microsoft.Network";
    public const string SpokeNetworkId = $"{Spoke}/virtualNetworks/spoke";
    public const string NodesSubnetId = $"{SpokeNetworkId}/subnets/nodes";
    public const string NsgId = $"{Spoke}/networkSecurityGroups/nsg-nodes";
    public const string RouteTableId = $"{Spoke}/routeTables/rt-nodes";

    /// <summary>The body of an upstream example's 200 answer.</summary>
    public static JsonNode Upstream(string path) =>
        JsonNode.Parse(File.ReadAllText(TestData.PathOf($"azure-rest-api-specs/network/{path}")))!["responses"]!["200"]!["body"]!;

    public static JsonNode Derived(string file) => JsonNode.Parse(File.ReadAllText(TestData.Derived($"arm/{file}")))!;

    public static VirtualNetwork SpokeNetwork() => ClientNetworkParser.ParseVirtualNetwork(Derived("client-vnet.json"), SpokeNetworkId);

    public static ClientSubnet Nodes() =>
        ClientNetworkParser.ParseSubnet(Derived("client-vnet.json")["properties"]!["subnets"]![0]!, NodesSubnetId);

    public static NetworkSecurityGroup SpokeNsg() => ClientNetworkParser.ParseNetworkSecurityGroup(Derived("client-nsg.json"), NsgId, NetworkSecurityGroupScope.Subnet);

    public static RouteTable SpokeRoutes() => ClientNetworkParser.ParseRouteTable(Derived("client-route-table.json"), RouteTableId);

    public const string Hub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.Network";
    public const string HubFirewallsPath = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Network/azureFirewalls";
    public const string HubPolicyId = $"{Hub}/firewallPolicies/fwp-hub";
    public const string BasePolicyId = $"{Hub}/firewallPolicies/fwp-base";
    public const string IpGroupId = $"{Hub}/ipGroups/ipg-spokes";

    /// <summary>The hub's firewall fw-hub (10.1.255.4) with its policy fwp-hub, the parent policy fwp-base and the IP group the rules name.</summary>
    public static AzureFirewall HubFirewall()
    {
        AzureFirewall listed = ClientNetworkParser.ParseAzureFirewall(Derived("client-firewalls.json")["value"]![1]!);
        return new AzureFirewall
        {
            Name = listed.Name,
            ResourceId = listed.ResourceId,
            PrivateIpAddresses = listed.PrivateIpAddresses,
            FirewallPolicyId = listed.FirewallPolicyId,
            RuleCollections =
            [
                .. ClientNetworkParser.ParseRuleCollectionGroup(Derived("client-firewall-rcg-base.json"), policyTier: 0),
                .. ClientNetworkParser.ParseRuleCollectionGroup(Derived("client-firewall-rcg-platform.json"), policyTier: 1),
                .. ClientNetworkParser.ParseRuleCollectionGroup(Derived("client-firewall-rcg-app.json"), policyTier: 1),
            ],
            IpGroups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { [IpGroupId] = ClientNetworkParser.ParseIpGroup(Derived("client-ip-group.json")) },
        };
    }

    /// <summary>
    /// The spoke client whose only route sends everything to the hub's firewall, and that firewall with the given
    /// collections (a variant of fw-hub for the registry contoso).
    /// </summary>
    public static ClientNetworkExamination ThroughHubFirewall(params FirewallRuleCollection[] collections)
    {
        AzureFirewall hub = HubFirewall();
        ClientNetworkExamination spoke = SpokeExamination(withNsg: false, firewalls:
            [new AzureFirewall { Name = hub.Name, ResourceId = hub.ResourceId, PrivateIpAddresses = hub.PrivateIpAddresses, FirewallPolicyId = hub.FirewallPolicyId, RuleCollections = collections }]);
        return new ClientNetworkExamination
        {
            Source = spoke.Source,
            SubnetId = spoke.SubnetId,
            Reason = spoke.Reason,
            Subnet = spoke.Subnet,
            VirtualNetwork = spoke.VirtualNetwork,
            RouteTable = new RouteTable { Name = "rt-nodes", ResourceId = RouteTableId, Routes = [SpokeRoutes().Routes.Single(route => route.Name == "to-firewall")] },
            Firewalls = spoke.Firewalls,
        };
    }

    /// <summary>An application rule collection of fw-hub's policy for Https:443 from the spoke to the given FQDNs.</summary>
    public static FirewallRuleCollection ApplicationRules(string name, int priority, SecurityRuleAccess action, params string[] fqdns) => new()
    {
        Name = name,
        GroupName = "rcg-app",
        GroupPriority = 300,
        Priority = priority,
        Action = action,
        Rules = [new FirewallRule { Name = $"{name}-https", Kind = FirewallRuleKind.Application, SourceAddresses = ["10.2.0.0/16"], Protocols = ["Https:443"], DestinationFqdns = fqdns }],
    };

    public const string EndpointNsgId = $"{Hub}/networkSecurityGroups/nsg-endpoints";

    /// <summary>The private endpoint's subnet in the hub, whose policies apply its NSG nsg-endpoints (or, with other policies, none).</summary>
    public static PrivateEndpointSubnet EndpointSubnet(string policies = "NetworkSecurityGroupEnabled")
    {
        JsonNode subnet = Derived("endpoint-vnet.json")["properties"]!["subnets"]![0]!;
        subnet["properties"]!["privateEndpointNetworkPolicies"] = policies;
        ClientSubnet parsed = ClientNetworkParser.ParseSubnet(subnet, $"{HubNetworkId}/subnets/endpoints");
        return new PrivateEndpointSubnet
        {
            Subnet = parsed,
            NetworkSecurityGroup = PrivateEndpointSubnet.AppliesNetworkSecurityGroups(policies)
                ? ClientNetworkParser.ParseNetworkSecurityGroup(Derived("endpoint-nsg.json"), EndpointNsgId, NetworkSecurityGroupScope.PrivateEndpointSubnet)
                : null,
        };
    }

    public const string HubNetworkId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/hub";

    /// <summary>The registry's private DNS zone, linked to the hub VNet only.</summary>
    public static PrivateDnsZone HubZone() => new()
    {
        Name = "privatelink.azurecr.io",
        ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io",
        VirtualNetworkLinks = [new PrivateDnsZoneLink { Name = "hub-link", VirtualNetworkId = HubNetworkId, State = "Completed" }],
    };

    public static NetworkFlow FlowTo(string address, EndpointPurpose role = EndpointPurpose.Rest, string? region = "westus", int port = 443) =>
        ServiceTags.FlowTo(Nodes(), SpokeNetwork(), IPAddress.Parse(address), role, region) with { Port = port };

    /// <summary>The derived client in a VNet without peerings, whose only NSG has nothing but Azure's default rules.</summary>
    public static ClientNetworkExamination UnpeeredWithDefaultRules() => WithGroups(
        SpokeExamination(n => new VirtualNetwork { Name = n.Name, ResourceId = n.ResourceId, AddressPrefixes = n.AddressPrefixes }, withNsg: false),
        new NetworkSecurityGroup { Name = "nsg-defaults-only" });

    /// <summary>The examination with these NSGs instead of its own.</summary>
    public static ClientNetworkExamination WithGroups(ClientNetworkExamination network, params NetworkSecurityGroup[] groups) =>
        network with { NetworkSecurityGroups = groups };

    /// <summary>The derived client as ARM describes it, examined through -ClientSubnetId.</summary>
    public static ClientNetworkExamination SpokeExamination(
        Func<VirtualNetwork, VirtualNetwork>? changeNetwork = null, bool withNsg = true, bool withRoutes = false, IReadOnlyList<AzureFirewall>? firewalls = null) => new()
    {
        Source = ClientSubnetSource.Parameter,
        SubnetId = NodesSubnetId,
        Reason = "given with -ClientSubnetId.",
        Subnet = Nodes(),
        VirtualNetwork = changeNetwork is null ? SpokeNetwork() : changeNetwork(SpokeNetwork()),
        NetworkSecurityGroups = withNsg ? [SpokeNsg()] : [],
        RouteTable = withRoutes ? SpokeRoutes() : null,
        Firewalls = firewalls ?? [],
    };
}
