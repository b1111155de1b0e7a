using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>The client-network rules on the derived spoke client: what each names as evidence and fix, and when it stays silent.</summary>
public class ClientNetworkRulesTests
{
    [Fact]
    public void AnNsgDenialIsThePrimaryCauseWithTheRuleAndThePacketsBesideIt()
    {
        DiagnosisObservations o = Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: SpokeExamination());

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        Finding primary = findings[0];

        Assert.Equal("NsgDeniesRegistryTraffic", primary.Code);
        Assert.Equal(FindingScope.AllPulls, primary.Scope);
        Assert.Contains("nsg-nodes (rule DenyHubHttps, priority 200)", primary.Summary);
        Assert.Contains("10.1.0.4", primary.Summary);
        Assert.Contains(primary.Evidence, line => line.Contains("10.1.0.4:443 outbound matches rule DenyHubHttps (priority 200, Deny Tcp to 10.1.0.0/24 port 443-445)"));
        Assert.Contains(primary.Evidence, line => line.Contains("failed at Tcp"));
        Assert.Contains("--nsg-name nsg-nodes", primary.Remediation);
        Assert.Contains("--priority 199", primary.Remediation);
        Assert.Contains("PrivateEndpointUnreachable", findings.Select(f => f.Code));
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void AnAddressNoVnetReachesIsLeftToTheReachabilityFindingsNotToTheDefaultDenyRule()
    {
        DiagnosisObservations o = Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: UnpeeredWithDefaultRules());

        Assert.Equal("DenyAllOutBound", Assert.Single(o.ClientPathDecisions()).Denial!.Rule.Name);
        Assert.DoesNotContain("NsgDeniesRegistryTraffic", Codes(o));
    }

    [Fact]
    public void AnAllowedPathIsNotBlamedOnTheNsgAndWithoutASubnetNothingChanges()
    {
        DiagnosisObservations allowed = Of([Rest("20.1.2.3")], config: Premium(), clientNetwork: SpokeExamination(withRoutes: true));
        DiagnosisObservations without = Of([Rest("20.1.2.3")], config: Premium());

        Assert.Equal(Codes(without), Codes(allowed));
        Assert.False(without.ClientNetwork.Examined);
    }

    [Fact]
    public void ThroughAProxyThePacketsGoToTheProxyAndTheRegistryIsNotJudged()
    {
        DiagnosisObservations o = Of([ThroughProxy(ProxyStatus.Unreachable)], config: Premium(), clientNetwork: SpokeExamination());

        Assert.Empty(ClientPathEvaluator.Evaluate(o.ClientNetwork, o.Endpoints));
    }

    [Fact]
    public void ARouteToAnApplianceIsBlamedOnlyWhenTheConnectionIsCutOff()
    {
        ClientNetworkExamination routed = SpokeExamination(withNsg: false, withRoutes: true);
        DiagnosisObservations works = Of([Rest(), Passed(Storage, EndpointPurpose.Storage, "westus", "20.60.1.2")], config: Premium(), clientNetwork: routed);
        DiagnosisObservations cut = Of([Rest(), TcpFailure(Storage, EndpointPurpose.Storage, TcpStatus.Timeout, "20.60.1.2")], config: Premium(), clientNetwork: routed);

        Assert.DoesNotContain("RouteDivertsRegistryTraffic", Codes(works));
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(cut), f => f.Code == "RouteDivertsRegistryTraffic");
        Assert.Contains("route to-firewall (0.0.0.0/0) sends it to VirtualAppliance 10.1.255.4", finding.Summary);
        Assert.Contains("rt-nodes", finding.Remediation);
    }

    [Fact]
    public void AnUnlinkedZoneExplainsThePublicAnswerAndALinkedOneDoesNot()
    {
        RegistryNetworkConfig config = WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] };
        var linked = HubZone();
        RegistryNetworkConfig linkedConfig = config with
        {
            PrivateDnsZones = [new PrivateDnsZone { Name = linked.Name, ResourceId = linked.ResourceId, VirtualNetworkLinks = [.. linked.VirtualNetworkLinks, new PrivateDnsZoneLink { VirtualNetworkId = SpokeNetworkId }] }],
        };

        IReadOnlyList<Finding> unlinked = DiagnosisRules.Evaluate(Of([Denied()], config: config, clientNetwork: SpokeExamination()));

        Finding finding = unlinked[0];
        Assert.Equal("PrivateDnsZoneNotLinked", finding.Code);
        Assert.DoesNotContain("PrivateEndpointDnsNotUsed", unlinked.Select(f => f.Code));
        Assert.Contains("not linked to the client's VNet spoke", finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("linked to hub"));
        Assert.Contains("az network private-dns link vnet create -g dns -z privatelink.azurecr.io", finding.Remediation);
        Assert.Contains($"--virtual-network {SpokeNetworkId}", finding.Remediation);

        IReadOnlyList<string> codes = Codes(Of([Denied()], config: linkedConfig, clientNetwork: SpokeExamination()));
        Assert.DoesNotContain("PrivateDnsZoneNotLinked", codes);
        Assert.Contains("PrivateEndpointDnsNotUsed", codes);
    }

    [Fact]
    public void ACustomDnsServerIsJudgedByTheVnetItLivesIn()
    {
        RegistryNetworkConfig config = WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] };
        ClientNetworkExamination Using(string server) =>
            SpokeExamination(n => new VirtualNetwork { Name = n.Name, ResourceId = n.ResourceId, AddressPrefixes = n.AddressPrefixes, Peerings = n.Peerings, DnsServers = [server] });

        Finding inSpoke = Assert.Single(DiagnosisRules.Evaluate(Of([Denied()], config: config, clientNetwork: Using("10.2.0.4"))), f => f.Code == "CustomDnsServerCannotSeeZone");
        IReadOnlyList<string> inHub = Codes(Of([Denied()], config: config, clientNetwork: Using("10.1.0.10")));
        IReadOnlyList<string> onPremises = Codes(Of([Denied()], config: config, clientNetwork: Using("192.168.5.5")));

        Assert.Contains("lives in VNet spoke", inSpoke.Summary);
        Assert.Contains("-n spoke-link", inSpoke.Remediation);
        Assert.DoesNotContain("PrivateDnsZoneNotLinked", Codes(Of([Denied()], config: config, clientNetwork: Using("10.2.0.4"))));
        Assert.DoesNotContain("CustomDnsServerCannotSeeZone", inHub);
        Assert.DoesNotContain("CustomDnsServerCannotSeeZone", onPremises);
    }

    [Fact]
    public void APeeredPrivateEndpointVnetIsReachedAndAnUnpeeredOneIsNot()
    {
        RegistryNetworkConfig Config(string vnet) => Premium(c => c with
        {
            PublicNetworkAccess = PublicNetworkAccess.Disabled,
            PrivateEndpoints = [Endpoint() with { SubnetId = $"{vnet}/subnets/endpoints" }],
        });

        Assert.DoesNotContain("VirtualNetworkNotConnected", Codes(Of([Rest("10.1.0.4")], config: Config(HubNetworkId), clientNetwork: SpokeExamination(withNsg: false))));
        Finding finding = Assert.Single(
            DiagnosisRules.Evaluate(Of([Rest("20.1.2.3")], config: Config($"{Spoke}/virtualNetworks/isolated"), clientNetwork: SpokeExamination(withNsg: false))),
            f => f.Code == "VirtualNetworkNotConnected");
        Assert.Contains("does not reach the private endpoint's VNet isolated", finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("peers with hub (Connected)"));
    }

    [Fact]
    public void AServiceEndpointOnAListedSubnetIsWhatTheRuleNeeds()
    {
        RegistryNetworkConfig config = Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, VirtualNetworkRules = [new VirtualNetworkRule { SubnetId = NodesSubnetId }] });

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(Of([Denied()], config: config, clientNetwork: SpokeExamination()));
        Finding finding = Assert.Single(findings, f => f.Code == "ServiceEndpointMissing");

        Assert.DoesNotContain("RegistryFirewallDeniedClient", findings.Select(f => f.Code));
        Assert.Contains("--service-endpoints Microsoft.Storage Microsoft.ContainerRegistry", finding.Remediation);
        Assert.DoesNotContain("ServiceEndpointMissing", Codes(Of([Rest()], config: config with { VirtualNetworkRules = [] }, clientNetwork: SpokeExamination())));
    }

    [Fact]
    public void AFirewallWithoutARuleForTheDataEndpointIsThePrimaryCauseWithThePacketsBesideIt()
    {
        ClientNetworkExamination network = ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Login));
        DiagnosisObservations o = Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")], config: Premium(), clientNetwork: network);

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        Finding primary = findings[0];

        Assert.Equal("AzureFirewallDeniesRegistry", primary.Code);
        Assert.Contains("Azure Firewall fw-hub", primary.Summary);
        Assert.Contains($"no rule allows {Westus} (default deny)", primary.Summary);
        Assert.DoesNotContain(Login, primary.Summary);
        Assert.Contains(primary.Evidence, line => line.Contains("route to-firewall 0.0.0.0/0 -> VirtualAppliance 10.1.255.4"));
        Assert.Contains(primary.Evidence, line => line.Contains("failed at Tcp"));
        Assert.Contains("firewall policy fwp-hub (resource group myResourceGroup)", primary.Remediation);
        Assert.Contains($"--protocols Https=443 --source-addresses 10.2.1.0/24 --target-fqdns {Westus}", primary.Remediation);
        Assert.Contains("service tag AzureContainerRegistry", primary.Remediation);
        Assert.DoesNotContain("RouteDivertsRegistryTraffic", findings.Select(f => f.Code));
        Assert.Contains("DataEndpointBlocked", findings.Select(f => f.Code));
    }

    [Fact]
    public void AFirewallDenyRuleIsNamedAndTheFixGoesAheadOfIt()
    {
        ClientNetworkExamination network = ThroughHubFirewall(
            ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, "*.azurecr.io"),
            ApplicationRules("deny-data", 150, SecurityRuleAccess.Deny, "*.data.azurecr.io"));
        DiagnosisObservations o = Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")], config: Premium(), clientNetwork: network);

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(o), f => f.Code == "AzureFirewallDeniesRegistry");

        Assert.Contains($"application rule deny-data-https in collection deny-data (priority 150, group rcg-app priority 300, Deny) denies {Westus}", finding.Summary);
        Assert.Contains("--rcg-name rcg-app", finding.Remediation);
        Assert.Contains("--collection-priority 149", finding.Remediation);
    }

    [Fact]
    public void AFirewallIsBlamedOnlyForHostsItDeniesWhoseConnectionFailed()
    {
        ClientNetworkExamination network = ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Login, Westus));
        ClientNetworkExamination denying = ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Login));

        Assert.DoesNotContain("AzureFirewallDeniesRegistry", Codes(Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")], config: Premium(), clientNetwork: network)));
        Assert.Contains("RouteDivertsRegistryTraffic", Codes(Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")], config: Premium(), clientNetwork: network)));
        Assert.DoesNotContain("AzureFirewallDeniesRegistry", Codes(Of([Rest(), Passed(Westus, EndpointPurpose.Data, "westus", "20.1.2.5")], config: Premium(), clientNetwork: denying)));
    }

    [Fact]
    public void ThePrivateEndpointSubnetsNsgDenyingTheClientInboundIsNamedWithItsDirection()
    {
        ClientNetworkExamination Through(string policies) => SpokeExamination(withNsg: false).WithPrivateEndpointSubnets([EndpointSubnet(policies)], []);
        DiagnosisObservations Observed(string policies) =>
            Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: Through(policies));

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(Observed("NetworkSecurityGroupEnabled"));
        Finding primary = findings[0];

        Assert.Equal("NsgDeniesRegistryTraffic", primary.Code);
        Assert.Contains("nsg-endpoints (rule DenySpokesHttps, priority 300, inbound at the private endpoint's subnet)", primary.Summary);
        Assert.Contains(primary.Evidence, line => line.Contains("NSG nsg-endpoints (PrivateEndpointSubnet): 10.1.0.4:443 inbound matches rule DenySpokesHttps (priority 300"));
        Assert.Contains(primary.Evidence, line => line.Contains("failed at Tcp"));
        Assert.Contains("--nsg-name nsg-endpoints -n AllowRegistryClients443 --priority 299 --direction Inbound", primary.Remediation);
        Assert.Contains("--source-address-prefixes 10.2.1.0/24 --destination-address-prefixes 10.1.0.4", primary.Remediation);
        Assert.DoesNotContain("NsgDeniesRegistryTraffic", Codes(Observed("Disabled")));
        Assert.DoesNotContain("NsgDeniesRegistryTraffic", Codes(Observed("RouteTableEnabled")));
    }
}
