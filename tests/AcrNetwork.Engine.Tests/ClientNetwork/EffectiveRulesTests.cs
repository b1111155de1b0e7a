using System.Net;
using System.Text.Json.Nodes;
using static AcrNetwork.Tests.ClientNetwork.ArmClientNetworkReaderTests;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.ClientNetwork;

/// <summary>
/// ARM's effective security rules and routes of the client's NIC: parsed from the upstream examples and the derived
/// spoke client, preferred over the NSGs and route table when ARM gives them, and the long-running action they come from.
/// </summary>
public class EffectiveRulesTests
{
    private const string EffectiveNsgs = $"{VmNicId}/effectiveNetworkSecurityGroups";
    private const string EffectiveRoutes = $"{VmNicId}/effectiveRouteTable";

    private static NetworkFlow From(string address, string subnet = "10.2.1.0/24") =>
        new() { Source = IPNetwork.Parse(subnet), Destination = IPAddress.Parse(address) };

    /// <summary>The spoke client found through its VM: its NIC's effective rules and routes (with its route table).</summary>
    private static ClientNetworkExamination WithEffective()
    {
        ClientNetworkExamination spoke = SpokeExamination(withRoutes: true);
        return new ClientNetworkExamination
        {
            Source = ClientSubnetSource.InstanceMetadata,
            SubnetId = spoke.SubnetId,
            Subnet = spoke.Subnet,
            VirtualNetwork = spoke.VirtualNetwork,
            NetworkSecurityGroups = ClientNetworkParser.ParseEffectiveSecurityGroups(Derived("client-nic-effective-nsgs.json")),
            RouteTable = spoke.RouteTable,
            EffectiveRoutes = ClientNetworkParser.ParseEffectiveRoutes(Derived("client-nic-effective-routes.json")),
        };
    }

    [Fact]
    public void ReadsTheUpstreamEffectiveRulesWithTheirAssociationAndExpandedPrefixes()
    {
        NetworkSecurityGroup group = Assert.Single(ClientNetworkParser.ParseEffectiveSecurityGroups(Upstream("2025-05-01/NetworkInterfaceEffectiveNSGList.json")));

        Assert.Equal("test-nsg", group.Name);
        Assert.Equal(NetworkSecurityGroupScope.Subnet, group.AppliedTo);
        Assert.True(group.EffectiveRules);
        Assert.Equal(["rule1", "default-allow-rdp", "AllowInternetOutBound"], group.Rules.Select(r => r.Name));
        SecurityRule internet = group.Rules[2];
        Assert.True(internet.IsDefault);
        Assert.Equal(("All", 65001, SecurityRuleDirection.Outbound), (internet.Protocol, internet.Priority, internet.Direction));
        Assert.Equal(["Internet"], internet.DestinationAddressPrefixes);
        Assert.Equal(["32.0.0.0/3", "4.0.0.0/6", "2.0.0.0/7", "1.0.0.0/8"], internet.ExpandedDestinationAddressPrefixes);
        Assert.Equal(["6579-6579"], group.Rules[0].DestinationPortRanges);
    }

    [Theory]
    [InlineData("1.2.3.4", "AllowInternetOutBound", true)]
    [InlineData("33.1.2.3", "AllowInternetOutBound", true)]
    [InlineData("8.8.8.8", "DenyAllOutBound", false)]
    public void TheExpandedPrefixesDecideNotTheTag(string address, string rule, bool allowed)
    {
        NetworkSecurityGroup group = ClientNetworkParser.ParseEffectiveSecurityGroups(Upstream("2025-05-01/NetworkInterfaceEffectiveNSGList.json"))[0];

        SecurityDecision decision = SecurityRuleEvaluator.Evaluate(group, SecurityRuleDirection.Outbound, From(address));

        Assert.Equal((rule, allowed), (decision.Rule.Name, decision.Allowed));
    }

    [Fact]
    public void AnIpv6FlowNoEffectiveRuleMatchesMeetsTheDefaultDeny()
    {
        NetworkSecurityGroup group = ClientNetworkParser.ParseEffectiveSecurityGroups(Upstream("2025-05-01/NetworkInterfaceEffectiveNSGList.json"))[0];

        SecurityDecision decision = SecurityRuleEvaluator.Evaluate(group, SecurityRuleDirection.Outbound, From("2603:1030::1", "fd00::/64"));

        Assert.Equal("DenyAllOutBound", decision.Rule.Name);
        Assert.False(decision.Allowed);
    }

    [Fact]
    public void ReadsTheUpstreamEffectiveRoutesAndDropsPrivateRangesNoVnetHolds()
    {
        IReadOnlyList<Route> routes = ClientNetworkParser.ParseEffectiveRoutes(Upstream("2025-09-01/NetworkInterfaceEffectiveRouteTableList.json"));
        var network = new ClientNetworkExamination { EffectiveRoutes = routes };

        Assert.Equal(6, routes.Count);
        Assert.All(routes, route => Assert.False(route.IsUserDefined));
        Assert.Equal(RouteNextHopType.VnetLocal, RouteEvaluator.Select(network, From("172.20.2.5")).NextHopType);
        Assert.Equal(RouteNextHopType.Internet, RouteEvaluator.Select(network, From("20.1.2.3")).NextHopType);
        Route dropped = RouteEvaluator.Select(network, From("10.1.0.4"));
        Assert.Equal(("10.0.0.0/8", RouteNextHopType.None), (dropped.AddressPrefix, dropped.NextHopType));
    }

    [Fact]
    public void AnAddressNoEffectiveRouteHoldsIsDropped()
    {
        var network = new ClientNetworkExamination { EffectiveRoutes = [new Route { Name = "Default", AddressPrefix = "10.2.0.0/16", NextHopType = RouteNextHopType.VnetLocal }] };

        Route route = RouteEvaluator.Select(network, From("20.1.2.3"));

        Assert.Equal(("no effective route", RouteNextHopType.None), (route.Name, route.NextHopType));
    }

    [Theory]
    [InlineData("10.1.0.4", "DenyHubHttps", false, "hub-endpoints-blackhole", RouteNextHopType.None, true)]
    [InlineData("10.1.0.9", "DenyHubHttps", false, "Default", RouteNextHopType.VNetPeering, false)]
    [InlineData("10.1.5.9", "AllowVnetOutBound", true, "Default", RouteNextHopType.VNetPeering, false)]
    [InlineData("20.1.2.3", "AllowAcrWestus", true, "acr-direct", RouteNextHopType.Internet, true)]
    [InlineData("20.9.1.1", "DenyOtherRegions", false, "acr-direct", RouteNextHopType.Internet, true)]
    [InlineData("20.150.1.1", "DenyStorage", false, "to-firewall", RouteNextHopType.VirtualAppliance, true)]
    [InlineData("10.0.3.7", "DenyAllOutBound", false, "route1", RouteNextHopType.VirtualNetworkGateway, true)]
    public void TheSpokeClientsEffectiveRulesAndRoutesDecideEachFlow(string address, string rule, bool allowed, string routeName, RouteNextHopType nextHop, bool userDefined)
    {
        ClientNetworkExamination network = WithEffective();
        var flow = ServiceTags.FlowTo(network.Subnet!, network.VirtualNetwork, IPAddress.Parse(address), EndpointPurpose.Rest, "westus");

        SecurityDecision decision = SecurityRuleEvaluator.Evaluate(Assert.Single(network.NetworkSecurityGroups), SecurityRuleDirection.Outbound, flow);
        Route route = RouteEvaluator.Select(network, flow);

        Assert.Equal((rule, allowed), (decision.Rule.Name, decision.Allowed));
        Assert.Contains("(Subnet, effective rules)", decision.ToString());
        Assert.Equal((routeName, nextHop, userDefined), (route.Name, route.NextHopType, route.IsUserDefined));
    }

    [Fact]
    public void TheInvalidDefaultRouteTheUserRouteOverridesIsLeftOut()
    {
        IReadOnlyList<Route> routes = WithEffective().EffectiveRoutes!;

        Assert.Single(routes, route => route.AddressPrefix == "0.0.0.0/0");
        Assert.Equal("to-firewall", routes.Single(route => route.AddressPrefix == "0.0.0.0/0").Name);
        Assert.Equal(RouteNextHopType.VNetPeering, routes.Single(route => route.AddressPrefix == "10.1.0.0/16").NextHopType);
    }

    [Fact]
    public void ADiagnosisGivesTheEffectiveRuleAndRouteAsEvidence()
    {
        ClientNetworkExamination effective = WithEffective();
        ClientNetworkExamination withoutNsg = WithGroups(effective);
        EndpointTest timeout = TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4");
        DnsResolution resolved = Resolved(Login, "10.1.0.4");

        Finding denied = DiagnosisRules.Evaluate(Of([timeout], [resolved], WithPrivateEndpoint(), clientNetwork: effective))[0];
        Finding dropped = DiagnosisRules.Evaluate(Of([timeout], [resolved], WithPrivateEndpoint(), clientNetwork: withoutNsg))[0];

        Assert.Equal("NsgDeniesRegistryTraffic", denied.Code);
        Assert.Contains(denied.Evidence, line => line.Contains("NSG nsg-nodes (Subnet, effective rules): 10.1.0.4:443 outbound matches rule DenyHubHttps (priority 200", StringComparison.Ordinal));
        Assert.Equal("RouteDivertsRegistryTraffic", dropped.Code);
        Assert.Contains(dropped.Evidence, line => line.Contains(
            "the effective routes of the client's network interface (route table rt-nodes among them) send it by route hub-endpoints-blackhole 10.1.0.4/32 -> None", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAcceptedActionIsPolledAtItsLocationOnTheArmEndpointUntilItsAnswer()
    {
        var arm = new FakeArm();
        string operation = $"{VmNicId}/operationResults/1f0c";
        arm.Replace(EffectiveRoutes, () => Accepted($"https://management.azure.com{operation}?api-version=2025-05-01"));
        arm.Replace(operation, () => Accepted(null), () => FakeArm.Respond(HttpStatusCode.OK, Derived("client-nic-effective-routes.json").ToJsonString()));

        JsonNode answer = await arm.Connect().InvokeActionAsync(VmNicId, "effectiveRouteTable", ArmApiVersions.NetworkInterface, CancellationToken.None);

        Assert.Equal(ClientNetworkParser.ParseEffectiveRoutes(Derived("client-nic-effective-routes.json")).Count, ClientNetworkParser.ParseEffectiveRoutes(answer).Count);
        Assert.Equal(["POST", "GET", "GET"], arm.Requests.Select(r => r.Method));
        Assert.Equal("?api-version=2025-05-01", arm.RequestsTo(EffectiveRoutes).Single().Query);
        Assert.All(arm.Requests, r => Assert.Equal($"Bearer {FakeArm.Token}", r.Authorization));
    }

    [Fact]
    public async Task ALocationOffTheArmEndpointIsNotFollowedAndTheNsgAndRouteTableDecide()
    {
        FakeArm arm = WithSpokeClient();
        arm.Json(VmId, "client-vm.json");
        arm.Json(VmNicId, "client-nic.json");
        arm.Replace(EffectiveNsgs, () => Accepted("https://attacker.example/operationResults/1"));
        arm.Error(EffectiveRoutes, HttpStatusCode.Forbidden, "AuthorizationFailed", "The client may not perform action 'Microsoft.Network/networkInterfaces/effectiveRouteTable/action'.");

        ClientNetworkExamination network = await new ArmClientNetworkReader(arm.Connect()).ExamineVirtualMachineAsync(VmId, CancellationToken.None);

        Assert.True(network.Examined);
        Assert.False(Assert.Single(network.NetworkSecurityGroups).EffectiveRules);
        Assert.Null(network.EffectiveRoutes);
        Assert.Equal(4, network.RouteTable!.Routes.Count);
        Assert.Equal(
            ["client network interface effective routes", "client network interface effective security rules"],
            network.UnreadResources.Select(u => u.Role).Order(StringComparer.Ordinal));
        Assert.Contains(network.UnreadResources, u => u.StatusCode == 403 && u.ErrorCode == "AuthorizationFailed");
        Assert.Contains(network.UnreadResources, u => u.Message.Contains("does not point to https://management.azure.com", StringComparison.Ordinal));
        Assert.DoesNotContain(arm.Requests, r => r.Host == "attacker.example");
    }

    private static HttpResponseMessage Accepted(string? location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        if (location is not null)
        {
            response.Headers.Location = new Uri(location);
        }

        response.Headers.Add("Retry-After", "0");
        return response;
    }
}
