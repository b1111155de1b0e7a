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

    /// <summary>The derived client as ARM describes it, examined through -ClientSubnetId.</summary>
    public static ClientNetworkExamination SpokeExamination(Func<VirtualNetwork, VirtualNetwork>? changeNetwork = null, bool withNsg = true, bool withRoutes = false) => new()
    {
        Source = ClientSubnetSource.Parameter,
        SubnetId = NodesSubnetId,
        Reason = "given with -ClientSubnetId.",
        Subnet = Nodes(),
        VirtualNetwork = changeNetwork is null ? SpokeNetwork() : changeNetwork(SpokeNetwork()),
        NetworkSecurityGroups = withNsg ? [SpokeNsg()] : [],
        RouteTable = withRoutes ? SpokeRoutes() : null,
    };
}
