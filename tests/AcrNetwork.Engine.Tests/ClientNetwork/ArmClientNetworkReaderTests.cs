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
        return arm;
    }

    [Fact]
    public async Task ExaminesTheSubnetItsVnetNsgAndRouteTableOnceEach()
    {
        FakeArm arm = WithSpokeClient();
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, null, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);
        ClientNetworkExamination again = await reader.ExamineAsync(NodesSubnetId, null, ClientSubnetSource.Parameter, "given with -ClientSubnetId.", CancellationToken.None);

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

        Assert.Equal([NsgId, RouteTableId, SpokeNetworkId], arm.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(arm.Requests, r => Assert.Equal("?api-version=2025-05-01", r.Query));
    }

    [Fact]
    public async Task WhatCannotBeReadIsListedAndTheRestIsExamined()
    {
        FakeArm arm = WithSpokeClient();
        arm.Error(NsgId, HttpStatusCode.Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/networkSecurityGroups/read'.");
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineAsync(NodesSubnetId, null, ClientSubnetSource.Parameter, "given.", CancellationToken.None);
        ClientNetworkExamination missing = await reader.ExamineAsync($"{SpokeNetworkId}/subnets/gone", null, ClientSubnetSource.Parameter, "given.", CancellationToken.None);
        ClientNetworkExamination noNetwork = await reader.ExamineAsync($"{Spoke}/virtualNetworks/other/subnets/s", null, ClientSubnetSource.Parameter, "given.", CancellationToken.None);

        Assert.True(network.Examined);
        Assert.Empty(network.NetworkSecurityGroups);
        UnreadResource unread = Assert.Single(network.UnreadResources);
        Assert.Equal(("client subnet network security group", 403), (unread.Role, unread.StatusCode));

        Assert.False(missing.Examined);
        Assert.Contains("has no subnet named 'gone'", Assert.Single(missing.UnreadResources).Message);
        Assert.False(noNetwork.Examined);
        Assert.Equal("client virtual network", Assert.Single(noNetwork.UnreadResources).Role);
    }

    [Fact]
    public async Task ExaminesTheSubnetOfTheVmTheInstanceMetadataServiceNamesThroughItsPrimaryNic()
    {
        const string vmId = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/spoke/providers/Microsoft.Compute/virtualMachines/vm-nodes";
        const string nicId = $"{Spoke}/networkInterfaces/vm-nodes-nic";
        FakeArm arm = WithSpokeClient();
        arm.Json(vmId, "client-vm.json");
        arm.Json(nicId, "client-nic.json");
        var reader = new ArmClientNetworkReader(arm.Connect());

        ClientNetworkExamination network = await reader.ExamineVirtualMachineAsync(vmId, CancellationToken.None);
        await reader.ExamineVirtualMachineAsync(vmId, CancellationToken.None);

        Assert.True(network.Examined);
        Assert.Equal(ClientSubnetSource.InstanceMetadata, network.Source);
        Assert.Equal(NodesSubnetId, network.SubnetId);
        Assert.Equal("found through the Instance Metadata Service: VM vm-nodes, network interface vm-nodes-nic.", network.Reason);
        Assert.Equal([vmId, nicId, NsgId, RouteTableId, SpokeNetworkId], arm.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal("?api-version=2025-11-01", Assert.Single(arm.RequestsTo(vmId)).Query);
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
}
