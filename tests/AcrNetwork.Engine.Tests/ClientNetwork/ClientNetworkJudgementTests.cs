using System.Collections;
using AcrNetwork.Tests.Loopback;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.ClientNetwork;

/// <summary>The client network as Test-AcrEndpoint and Resolve-AcrPrivateDns show it with -ClientSubnetId, on the derived spoke client.</summary>
public class ClientNetworkJudgementTests
{
    private static RegistryNetworkConfig InHub(params PrivateDnsZone[] zones) => WithPrivateEndpoint() with
    {
        PrivateEndpoints = [Endpoint() with { SubnetId = $"{HubNetworkId}/subnets/endpoints" }],
        PrivateDnsZones = zones,
    };

    [Fact]
    public void AConnectionTheSubnetNsgDeniesNamesTheRuleItsPriorityAndTheRoute()
    {
        ClientPath path = ClientNetworkJudgement.PathOf(SpokeExamination(), InHub(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4"));

        Assert.Equal(ClientPathStatus.DeniedByNetworkSecurityGroup, path.Status);
        Assert.Equal(NodesSubnetId, path.SubnetId);
        string rule = Assert.Single(path.SecurityRules);
        Assert.Contains("NSG nsg-nodes (Subnet): 10.1.0.4:443 outbound matches rule DenyHubHttps (priority 200, Deny Tcp to 10.1.0.0/24 port 443-445)", rule);
        Assert.Equal(RouteNextHopType.VNetPeering, path.NextHopType);
        Assert.StartsWith("subnet nodes (10.2.1.0/24) to 10.1.0.4:443: NSG nsg-nodes", path.Reason);
        Assert.Null(path.Firewall);
    }

    [Fact]
    public void AConnectionEveryNsgAllowsAndTheRouteDeliversIsAllowed()
    {
        ClientPath path = ClientNetworkJudgement.PathOf(SpokeExamination(), Premium(), Rest("20.1.2.3"));

        Assert.Equal(ClientPathStatus.Allowed, path.Status);
        Assert.StartsWith("NSG nsg-nodes (Subnet): 20.1.2.3:443 outbound matches", Assert.Single(path.SecurityRules));
        Assert.Equal(RouteNextHopType.Internet, path.NextHopType);
        Assert.EndsWith("every NSG on the path allows it, and route Default 0.0.0.0/0 -> Internet delivers it.", path.Reason);
    }

    [Fact]
    public void AtTheHubFirewallTheLoginServerIsAllowedAndTheDataEndpointItsRulesLackIsDenied()
    {
        ClientNetworkExamination network = ThroughHubFirewall(ApplicationRules("allow-login", 100, SecurityRuleAccess.Allow, Login));

        ClientPath login = ClientNetworkJudgement.PathOf(network, Premium(), Passed(Login, EndpointPurpose.Rest, "westus", "20.1.2.3", 401));
        ClientPath data = ClientNetworkJudgement.PathOf(network, Premium(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.4"));

        Assert.Equal(ClientPathStatus.Allowed, login.Status);
        Assert.Contains("application rule allow-login-https", login.Firewall);
        Assert.Equal(ClientPathStatus.DeniedByFirewall, data.Status);
        Assert.Equal(RouteNextHopType.VirtualAppliance, data.NextHopType);
        Assert.Contains("to-firewall", data.Route);
        Assert.Contains($"Azure Firewall fw-hub: no rule allows {Westus} (20.1.2.4) on TCP 443", data.Firewall);
        Assert.Contains(data.Firewall!, data.Reason);
    }

    [Fact]
    public void APrivateEndpointInAVnetTheClientDoesNotPeerWithIsNotConnected()
    {
        ClientNetworkExamination unpeered = UnpeeredWithDefaultRules();

        ClientPath endpoint = ClientNetworkJudgement.PathOf(unpeered, InHub(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4"));
        ClientPath elsewhere = ClientNetworkJudgement.PathOf(unpeered, InHub(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.7.0.9"));

        // Only the default DenyAllOutBound meets the endpoint's address: the missing peering is the cause, not the NSG.
        Assert.Equal(ClientPathStatus.VirtualNetworkNotConnected, endpoint.Status);
        Assert.Contains("10.1.0.4 is a private endpoint's in VNet hub, which the client's VNet spoke neither is nor peers with", endpoint.Reason);
        Assert.Contains("DenyAllOutBound", Assert.Single(endpoint.SecurityRules));
        Assert.Equal(ClientPathStatus.DeniedByNetworkSecurityGroup, elsewhere.Status);
        Assert.EndsWith("10.7.0.9 is in no VNet the client's VNet spoke reaches.", elsewhere.Reason);
    }

    [Fact]
    public void AProxiedConnectionOrAnUnexaminedNetworkIsNotJudged()
    {
        ClientPath proxied = ClientNetworkJudgement.PathOf(SpokeExamination(), InHub(), ThroughProxy(ProxyStatus.Connected));
        ClientPath unexamined = ClientNetworkJudgement.PathOf(
            ClientNetworkExamination.NotExamined("the subnet was given, but there is no Azure credential to read it."), InHub(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4"));

        Assert.Equal(ClientPathStatus.ThroughProxy, proxied.Status);
        Assert.Contains("http://proxy.contoso.test:3128", proxied.Reason);
        Assert.Empty(proxied.SecurityRules);
        Assert.Equal(ClientPathStatus.NotExamined, unexamined.Status);
        Assert.Null(unexamined.SubnetId);
        Assert.Contains("no Azure credential", unexamined.Reason);
    }

    [Fact]
    public void AzureDnsInAVnetTheZoneIsNotLinkedToGetsThePublicAnswer()
    {
        ClientZoneLink link = ClientNetworkJudgement.ZoneLinkOf(SpokeExamination(), InHub(HubZone()), null);

        Assert.Equal(ZoneLinkStatus.NotLinked, link.Status);
        Assert.Equal("privatelink.azurecr.io", link.Zone);
        Assert.Equal(HubZone().ResourceId, link.ZoneId);
        Assert.Equal(SpokeNetworkId, link.VirtualNetworkId);
        Assert.Contains("is linked to hub", link.Reason);
    }

    [Fact]
    public void AzureDnsInALinkedVnetSeesTheZone()
    {
        PrivateDnsZone hub = HubZone();
        var zone = new PrivateDnsZone { Name = hub.Name, ResourceId = hub.ResourceId, VirtualNetworkLinks = [.. hub.VirtualNetworkLinks, new PrivateDnsZoneLink { Name = "spoke-link", VirtualNetworkId = SpokeNetworkId }] };

        ClientZoneLink link = ClientNetworkJudgement.ZoneLinkOf(SpokeExamination(), InHub(zone), null);

        Assert.Equal(ZoneLinkStatus.Linked, link.Status);
        Assert.Empty(link.DnsServers);
    }

    [Theory]
    [InlineData("10.1.0.53", ZoneLinkStatus.DnsServerLinked, "in VNets zone privatelink.azurecr.io is linked to")]
    [InlineData("10.2.0.53", ZoneLinkStatus.DnsServerNotLinked, "the DNS server 10.2.0.53, which lives in VNet spoke")]
    [InlineData("192.168.50.5", ZoneLinkStatus.DnsServerElsewhere, "in no VNet spoke knows")]
    public void ACustomDnsServerSeesTheZoneWhenItsVnetIsLinked(string server, ZoneLinkStatus expected, string reason)
    {
        ClientNetworkExamination network = SpokeExamination(n => new VirtualNetwork { Name = n.Name, ResourceId = n.ResourceId, AddressPrefixes = n.AddressPrefixes, Peerings = n.Peerings, DnsServers = [server] });

        ClientZoneLink link = ClientNetworkJudgement.ZoneLinkOf(network, InHub(HubZone()), null);

        Assert.Equal(expected, link.Status);
        Assert.Equal([server], link.DnsServers);
        Assert.Contains(reason, link.Reason);
    }

    [Fact]
    public void WithoutAZoneOrAConfigurationThereIsNothingToJudge()
    {
        ClientZoneLink publicRegistry = ClientNetworkJudgement.ZoneLinkOf(SpokeExamination(), Premium(), null);
        ClientZoneLink unread = ClientNetworkJudgement.ZoneLinkOf(SpokeExamination(), null, "the identity may not read the registry.");
        ClientZoneLink unexamined = ClientNetworkJudgement.ZoneLinkOf(ClientNetworkExamination.NotExamined("no credential."), InHub(HubZone()), null);

        Assert.Equal(ZoneLinkStatus.NoPrivateDnsZone, publicRegistry.Status);
        Assert.Contains("has no private endpoint", publicRegistry.Reason);
        Assert.Equal(ZoneLinkStatus.NotExamined, unread.Status);
        Assert.EndsWith("the identity may not read the registry.", unread.Reason);
        Assert.Equal(ZoneLinkStatus.NotExamined, unexamined.Status);
        Assert.Null(unexamined.VirtualNetworkId);
    }

    [Fact]
    public async Task TheExaminerReadsTheClientNetworkOnceForEveryRegistryAndTheEndpointSubnetsOfEach()
    {
        FakeArm arm = ArmClientNetworkReaderTests.WithSpokeClient();
        using var examiner = new ClientNetworkExaminer(Credential, AzureCloudEnvironment.AzureCloud, NodesSubnetId, null, TimeSpan.FromSeconds(5), ProxySelection.Default, DiagnosisLog.None, Transport(arm));

        ClientNetworkView first = await examiner.ForRegistryAsync("contoso", Premium(), CancellationToken.None);
        ClientNetworkView second = await examiner.ForRegistryAsync("fabrikam", Premium(c => c with { Name = "fabrikam" }), CancellationToken.None);
        ClientNetworkView again = await examiner.ForRegistryAsync("contoso", null, CancellationToken.None);

        Assert.Same(first, again);
        Assert.True(first.Network!.Examined);
        Assert.Same(first.Network.Subnet, second.Network!.Subnet);
        Assert.Equal(ZoneLinkStatus.NoPrivateDnsZone, first.Judge(Resolved(Login, "20.1.2.3")).ZoneLink!.Status);
        Assert.Equal(ClientPathStatus.Allowed, first.Judge(Rest("20.1.2.3")).ClientPath!.Status);
        Assert.Single(arm.Requests, r => r.Path == SpokeNetworkId);
        Assert.Single(arm.Requests, r => r.Path == NsgId);
    }

    [Fact]
    public async Task WithoutACredentialTheExaminerSaysTheSubnetWasNotRead()
    {
        using var examiner = new ClientNetworkExaminer(null, AzureCloudEnvironment.AzureCloud, NodesSubnetId, null, TimeSpan.FromSeconds(5), ProxySelection.Default, DiagnosisLog.None);

        ClientNetworkView view = await examiner.ForRegistryAsync("contoso", null, CancellationToken.None);

        Assert.False(view.Network!.Examined);
        Assert.Contains($"the subnet {NodesSubnetId} was given, but there is no Azure credential to read it", view.Network.Reason);
        Assert.Equal(ZoneLinkStatus.NotExamined, view.Judge(Resolved(Login, "20.1.2.3")).ZoneLink!.Status);
        Assert.Equal(ClientPathStatus.NotExamined, view.Judge(Rest()).ClientPath!.Status);
    }

    [Fact]
    public async Task WithoutASubnetTheExaminerFindsTheVmTheInstanceMetadataServiceNamesAndJudgesByItsNicsEffectiveRules()
    {
        FakeArm arm = ArmClientNetworkReaderTests.WithSpokeClient();
        arm.Json(ArmClientNetworkReaderTests.VmId, "client-vm.json");
        arm.Json(ArmClientNetworkReaderTests.VmNicId, "client-nic.json");
        arm.Json($"{ArmClientNetworkReaderTests.VmNicId}/effectiveNetworkSecurityGroups", "client-nic-effective-nsgs.json");
        arm.Json($"{ArmClientNetworkReaderTests.VmNicId}/effectiveRouteTable", "client-nic-effective-routes.json");
        using var imds = new LoopbackTcpServer(async (stream, token) =>
        {
            _ = await LoopbackHttp.ReadRequestAsync(stream, token);
            await LoopbackHttp.WriteResponseAsync(stream, 200, $"{{\"compute\":{{\"resourceId\":\"{ArmClientNetworkReaderTests.VmId}\"}}}}", "Content-Type: application/json");
        });
        var service = InstanceMetadataClient.OnVirtualMachine(new CredentialHost { Variables = new Hashtable { [InstanceMetadataClient.EndpointVariable] = $"http://{imds.EndPoint}/" } });
        using var examiner = new ClientNetworkExaminer(Credential, AzureCloudEnvironment.AzureCloud, null, service, TimeSpan.FromSeconds(5), ProxySelection.Default, DiagnosisLog.None, Transport(arm));

        ClientNetworkView view = await examiner.ForRegistryAsync("contoso", InHub(), CancellationToken.None);
        ClientPath path = view.Judge(TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")).ClientPath!;

        Assert.Equal(ClientSubnetSource.InstanceMetadata, view.Network!.Source);
        Assert.Equal(ClientPathStatus.DeniedByNetworkSecurityGroup, path.Status);
        Assert.Contains("NSG nsg-nodes (Subnet, effective rules): 10.1.0.4:443 outbound matches rule DenyHubHttps", Assert.Single(path.SecurityRules));
        Assert.Equal("hub-endpoints-blackhole 10.1.0.4/32 -> None", path.Route);
    }

    [Fact]
    public async Task WithoutASubnetOffAnAzureVmNothingIsJudged()
    {
        var arm = new FakeArm();
        var service = InstanceMetadataClient.OnVirtualMachine(new CredentialHost { Variables = new Hashtable { [InstanceMetadataClient.EndpointVariable] = $"http://{LoopbackTcpServer.ClosedPort()}/" } });
        using var examiner = new ClientNetworkExaminer(Credential, AzureCloudEnvironment.AzureCloud, null, service, TimeSpan.FromSeconds(5), ProxySelection.Default, DiagnosisLog.None, Transport(arm));

        ClientNetworkView view = await examiner.ForRegistryAsync("contoso", null, CancellationToken.None);

        Assert.Null(view.Network);
        Assert.Null(view.Judge(Rest()).ClientPath);
        Assert.Null(view.Judge(Resolved(Login, "20.1.2.3")).ZoneLink);
        Assert.Empty(arm.Requests);
        Assert.Null(InstanceMetadataClient.OnVirtualMachine(new CredentialHost { IsWindows = true }));
    }

    private static AzureCredential Credential { get; } = AzureCredentialChain.Select(FakeArm.Token, null, AzureCloudEnvironment.AzureCloud);

    private static Azure.Core.Pipeline.HttpClientTransport Transport(FakeArm arm) => new(new HttpClient(arm));
}
