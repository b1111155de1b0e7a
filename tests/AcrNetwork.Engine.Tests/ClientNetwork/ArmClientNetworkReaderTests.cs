using System.Net;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;

namespace AcrNetwork.Tests.ClientNetwork;

public class ArmClientNetworkReaderTests
{
    internal static FakeArm WithSpokeClient()
    {
        var arm = new FakeArm();
        arm.Json(SpokeNetworkId, "client-vnet.json");
        arm.Json(NsgId, "client-nsg.json");
        arm.Json(RouteTableId, "client-route-table.json");
        arm.Json(HubFirewallsPath, "client-firewalls.json");
        arm.Json(HubPolicyId, "client-firewall-policy.json");
        arm.Json(BasePolicyId, "client-firewall-base-policy.json");
        arm.Json($"{BasePolicyId}/ruleCollectionGroups/rcg-base", "client-firewall-rcg-base.json");
        arm.Json($"{HubPolicyId}/ruleCollectionGroups/rcg-platform", "client-firewall-rcg-platform.json");
        arm.Json($"{HubPolicyId}/ruleCollectionGroups/rcg-app", "client-firewall-rcg-app.json");
        arm.Json(IpGroupId, "client-ip-group.json");
        return arm;
    }

    /// <summary>What reading the hub's firewall (10.1.255.4, the route table's virtual appliance) asks ARM for.</summary>
    private static readonly string[] FirewallReads =
    [
        HubFirewallsPath, HubPolicyId, BasePolicyId, $"{BasePolicyId}/ruleCollectionGroups/rcg-base",
        $"{HubPolicyId}/ruleCollectionGroups/rcg-platform", $"{HubPolicyId}/ruleCollectionGroups/rcg-app", IpGroupId,
    ];

    [Fact]
    public async Task ExaminesTheSubnetItsVnetNsgAndRouteTableOnceEach()
    {
        FakeArm arm = WithSpokeClient();
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);
        ClientNetworkExamination again = await reader.ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);

        Assert.Same(network, again);
        Assert.True(network.Examined);
        Assert.Empty(network.UnreadResources);
        Assert.Equal(NodesSubnetId, network.SubnetId);
        Assert.Equal(ClientSubnetSource.Parameter, network.Source);
        Assert.Equal(["10.2.1.0/24"], network.Subnet!.AddressPrefixes);
        Assert.Equal(["Microsoft.Storage"], network.Subnet.ServiceEndpoints);
        Assert.Equal("Disabled", network.Subnet.PrivateEndpointNetworkPolicies);
        Assert.Equal(SpokeNetworkId, network.Subnet.VirtualNetworkId);
        Assert.Equal(["10.2.0.0/16"], network.VirtualNetwork!.AddressPrefixes);
        Assert.Empty(network.VirtualNetwork.DnsServers);
        VirtualNetworkPeering peering = Assert.Single(network.VirtualNetwork.Peerings);
        Assert.True(peering.IsConnected);
        Assert.EndsWith("/virtualNetworks/hub", peering.RemoteVirtualNetworkId);
        Assert.Equal("nsg-nodes", Assert.Single(network.NetworkSecurityGroups).Name);
        Assert.Equal(4, network.RouteTable!.Routes.Count);

        Assert.Equal(((string[])[NsgId, RouteTableId, SpokeNetworkId, .. FirewallReads]).Order(StringComparer.Ordinal), arm.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(arm.Requests, r => Assert.Equal("?api-version=2025-05-01", r.Query));
    }

    [Fact]
    public async Task WhatCannotBeReadIsListedAndTheRestIsExamined()
    {
        FakeArm arm = WithSpokeClient();
        arm.Error(NsgId, HttpStatusCode.Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/read'.");
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given.", CancellationToken.None);
        ClientNetworkExamination missing = await reader.ExamineAsync($"{SpokeNetworkId}/subnets/gone", ClientSubnetSource.Parameter, "given.", CancellationToken.None);
        ClientNetworkExamination noNetwork = await reader.ExamineAsync($"{Spoke}/virtualNetworks/other/subnets/s", ClientSubnetSource.Parameter, "given.", CancellationToken.None);

        Assert.True(network.Examined);
        Assert.Empty(network.NetworkSecurityGroups);
        UnreadResource unread = Assert.Single(network.UnreadResources);
        Assert.Equal(("client subnet network security group", 403), (unread.Role, unread.StatusCode));

        Assert.False(missing.Examined);
        Assert.Contains("has no subnet named 'gone'", Assert.Single(missing.UnreadResources).Message);
        Assert.False(noNetwork.Examined);
        Assert.Equal("client virtual network", Assert.Single(noNetwork.UnreadResources).Role);
    }

    internal const string VmId = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/spoke/providers/Microsoft.Compute/virtualMachines/vm-nodes";
    internal const string VmNicId = $"{Spoke}/networkInterfaces/vm-nodes-nic";

    [Fact]
    public async Task ExaminesTheSubnetOfTheVmTheInstanceMetadataServiceNamesThroughItsPrimaryNic()
    {
        FakeArm arm = WithSpokeClient();
        arm.Json(VmId, "client-vm.json");
        arm.Json(VmNicId, "client-nic.json");
        arm.Json($"{VmNicId}/effectiveNetworkSecurityGroups", "client-nic-effective-nsgs.json");
        arm.Json($"{VmNicId}/effectiveRouteTable", "client-nic-effective-routes.json");
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineVirtualMachineAsync(VmId, CancellationToken.None);
        await reader.ExamineVirtualMachineAsync(VmId, CancellationToken.None);

        Assert.True(network.Examined);
        Assert.Empty(network.UnreadResources);
        Assert.Equal(ClientSubnetSource.InstanceMetadata, network.Source);
        Assert.Equal(NodesSubnetId, network.SubnetId);
        Assert.Equal("found through the Instance Metadata Service: VM vm-nodes, network interface vm-nodes-nic.", network.Reason);
        Assert.True(Assert.Single(network.NetworkSecurityGroups).EffectiveRules);
        Assert.NotNull(network.EffectiveRoutes);
        string[] effective = [$"{VmNicId}/effectiveNetworkSecurityGroups", $"{VmNicId}/effectiveRouteTable"];
        Assert.Equal(((string[])[VmId, VmNicId, NsgId, RouteTableId, SpokeNetworkId, .. effective, .. FirewallReads]).Order(StringComparer.Ordinal), arm.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(arm.Requests.Where(r => effective.Contains(r.Path)), r => Assert.Equal("POST", r.Method));
        Assert.Equal("?api-version=2025-11-01", Assert.Single(arm.RequestsTo(VmId)).Query);
    }

    [Fact]
    public async Task AVmThatCannotBeReadIsSaidSo()
    {
        var reader = new ArmClientNetworkReader(new FakeArm().Connect());

        ClientNetworkExamination network = await reader.ExamineVirtualMachineAsync("/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/spoke/providers/Microsoft.Compute/virtualMachines/gone", CancellationToken.None);

        Assert.False(network.Examined);
        Assert.Equal("the Instance Metadata Service names the VM gone, but the VM could not be read.", network.Reason);
        Assert.Equal("client virtual machine", Assert.Single(network.UnreadResources).Role);
    }

    [Fact]
    public void ParsesTheUpstreamSubnetsAndVnet()
    {
        ClientSubnet subnet = ClientNetworkParser.ParseSubnet(Upstream("2025-09-01/SubnetGet.json"), "x");
        ClientSubnet withEndpoint = ClientNetworkParser.ParseSubnet(Upstream("2025-09-01/SubnetCreateServiceEndpoint.json"), "x");
        VirtualNetwork network = ClientNetworkParser.ParseVirtualNetwork(Upstream("2025-09-01/VirtualNetworkGet.json"), "x");

        Assert.Equal("subnet1", subnet.Name);
        Assert.Equal(["10.0.0.0/16"], subnet.AddressPrefixes);
        Assert.Null(subnet.NetworkSecurityGroupId);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/subnet-test/providers/Microsoft.Network/virtualNetworks/vnetname", subnet.VirtualNetworkId);
        Assert.Equal(["Microsoft.Storage"], withEndpoint.ServiceEndpoints);
        Assert.Equal("test-vnet", network.Name);
        Assert.Equal(["10.0.0.0/16"], network.AddressPrefixes);
        Assert.Empty(network.Peerings);
        Assert.Empty(network.DnsServers);
    }

    [Theory]
    [InlineData(NodesSubnetId, true)]
    [InlineData(SpokeNetworkId, false)]
    [InlineData("/subscriptions/spoke/resourceGroups/spoke/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes", false)]
    [InlineData("nodes", false)]
    public void TellsASubnetIdFromAnythingElse(string value, bool valid) =>
        Assert.Equal(valid, ArmClientNetworkReader.ExplainInvalidSubnetId(value) is null);

    [Fact]
    public async Task ReadsTheFirewallAtTheRoutesNextHopWithItsPoliciesAndIpGroupsOncePerReader()
    {
        FakeArm arm = WithSpokeClient();
        arm.Json(VmId, "client-vm.json");
        arm.Json(VmNicId, "client-nic.json");
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);
        ClientNetworkExamination withNic = await reader.ExamineVirtualMachineAsync(VmId, CancellationToken.None);

        Assert.Empty(network.UnreadResources);
        AzureFirewall firewall = Assert.Single(network.Firewalls);
        Assert.Equal(("fw-hub", HubPolicyId), (firewall.Name, firewall.FirewallPolicyId));
        Assert.Equal(
            [("deny-eastus-registry", 0), ("allow-storage", 1), ("deny-smb", 1), ("allow-registry", 1), ("deny-other-registries", 1)],
            firewall.RuleCollections.Select(c => (c.Name, c.PolicyTier)));
        Assert.Equal(["10.2.0.0/16", "10.3.0.0-10.3.255.255"], firewall.IpGroups[IpGroupId]);
        Assert.Equal("fw-hub", Assert.Single(withNic.Firewalls).Name);
        foreach (string path in FirewallReads)
        {
            Assert.Single(arm.RequestsTo(path));
        }
    }

    [Fact]
    public async Task AFirewallPolicyThatCannotBeReadIsListedAndTheFirewallKeptWithoutItsRules()
    {
        FakeArm arm = WithSpokeClient();
        arm.Error(HubPolicyId, HttpStatusCode.Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/firewallPolicies/read'.");

        ClientNetworkExamination network = await new ArmClientNetworkReader(arm.Connect()).ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);

        UnreadResource unread = Assert.Single(network.UnreadResources);
        Assert.Equal(("firewall policy", 403), (unread.Role, unread.StatusCode));
        Assert.Empty(Assert.Single(network.Firewalls).RuleCollections);
    }

    [Fact]
    public async Task ReadsThePrivateEndpointsSubnetAndItsNsgOnceWhenItsPoliciesApplyNsgs()
    {
        FakeArm arm = WithSpokeClient();
        arm.Json(HubNetworkId, "endpoint-vnet.json");
        arm.Json(EndpointNsgId, "endpoint-nsg.json");
        var reader = new ArmClientNetworkReader(arm.Connect());
        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);

        ClientNetworkExamination withEndpoint = await reader.WithPrivateEndpointSubnetsAsync(network, [$"{HubNetworkId}/subnets/endpoints", $"{HubNetworkId}/subnets/endpoints"], CancellationToken.None);
        ClientNetworkExamination again = await reader.WithPrivateEndpointSubnetsAsync(network, [$"{HubNetworkId}/subnets/endpoints"], CancellationToken.None);
        ClientNetworkExamination unknown = await reader.WithPrivateEndpointSubnetsAsync(network, [$"{Spoke}/virtualNetworks/gone/subnets/endpoints"], CancellationToken.None);

        Assert.Empty(network.PrivateEndpointSubnets);
        PrivateEndpointSubnet endpoint = Assert.Single(withEndpoint.PrivateEndpointSubnets);
        Assert.Equal(["10.1.0.0/24"], endpoint.Subnet.AddressPrefixes);
        Assert.Equal(("nsg-endpoints", NetworkSecurityGroupScope.PrivateEndpointSubnet), (endpoint.NetworkSecurityGroup!.Name, endpoint.NetworkSecurityGroup.AppliedTo));
        Assert.Equal(withEndpoint.RouteTable, network.RouteTable);
        Assert.Single(again.PrivateEndpointSubnets);
        Assert.Single(arm.RequestsTo(HubNetworkId));
        Assert.Single(arm.RequestsTo(EndpointNsgId));
        Assert.Empty(unknown.PrivateEndpointSubnets);
        Assert.Equal("private endpoint virtual network", Assert.Single(unknown.UnreadResources).Role);
    }
}
