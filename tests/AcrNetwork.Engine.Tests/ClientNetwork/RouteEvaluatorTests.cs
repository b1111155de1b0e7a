using System.Net;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;

namespace AcrNetwork.Tests.ClientNetwork;

public class RouteEvaluatorTests
{
    [Fact]
    public void ReadsTheUpstreamRouteTableAndItsGatewayRouteWins()
    {
        RouteTable table = ClientNetworkParser.ParseRouteTable(Upstream("2025-05-01/RouteTableGet.json"), "testrt");

        Route route = Assert.Single(table.Routes);
        Assert.Equal(("route1", "10.0.3.0/24", RouteNextHopType.VirtualNetworkGateway), (route.Name, route.AddressPrefix, route.NextHopType));
        Assert.Same(route, RouteEvaluator.Select(table, SpokeNetwork(), FlowTo("10.0.3.7")));
        Assert.Equal(RouteNextHopType.Internet, RouteEvaluator.Select(table, SpokeNetwork(), FlowTo("20.1.2.3")).NextHopType);
    }

    [Theory]
    [InlineData("10.1.0.4", EndpointPurpose.Rest, "hub-endpoints-blackhole", RouteNextHopType.None, true)]      // a /32 beats the peering's /16
    [InlineData("10.1.0.5", EndpointPurpose.Data, "Peering spoke-to-hub", RouteNextHopType.VNetPeering, false)] // the peering's /16 beats the UDR's /0
    [InlineData("10.2.1.9", EndpointPurpose.Rest, "VirtualNetwork", RouteNextHopType.VnetLocal, false)]
    [InlineData("20.1.2.3", EndpointPurpose.Rest, "acr-direct", RouteNextHopType.Internet, true)]              // a service tag route beats /0
    [InlineData("20.60.1.2", EndpointPurpose.Storage, "to-firewall", RouteNextHopType.VirtualAppliance, true)] // a user /0 beats the system /0
    public void TheLongestPrefixWinsAndAUserRouteBeatsASystemRouteOfTheSameLength(string address, EndpointPurpose role, string name, RouteNextHopType nextHop, bool userDefined)
    {
        Route route = RouteEvaluator.Select(SpokeRoutes(), SpokeNetwork(), FlowTo(address, role));

        Assert.Equal((name, nextHop, userDefined), (route.Name, route.NextHopType, route.IsUserDefined));
    }

    [Fact]
    public void APeeringThatIsNotConnectedGivesNoRoute()
    {
        VirtualNetworkPeering initiated = ClientNetworkParser.ParsePeering(Upstream("2025-09-01/VirtualNetworkPeeringGet.json"));
        VirtualNetwork network = new() { Name = "vnet1", AddressPrefixes = ["10.0.0.0/16"], Peerings = [initiated] };

        Assert.Equal(("Initiated", false), (initiated.PeeringState, initiated.IsConnected));
        Assert.Equal(["12.0.0.0/8"], initiated.RemoteAddressPrefixes);
        Assert.Equal(RouteNextHopType.Internet, RouteEvaluator.Select(null, network, new NetworkFlow { Destination = IPAddress.Parse("12.1.2.3") }).NextHopType);
        Assert.Equal(RouteNextHopType.VnetLocal, RouteEvaluator.Select(null, network, new NetworkFlow { Destination = IPAddress.Parse("10.0.9.9") }).NextHopType);
    }
}
