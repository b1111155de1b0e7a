using System.Net;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;

namespace AcrNetwork.Tests.ClientNetwork;

public class SecurityRuleEvaluatorTests
{
    private static NetworkSecurityGroup UpstreamNsg() =>
        ClientNetworkParser.ParseNetworkSecurityGroup(Upstream("2025-05-01/NetworkSecurityGroupGet.json"), "testnsg", NetworkSecurityGroupScope.Subnet);

    [Fact]
    public void ReadsTheUpstreamNsgWithItsDefaultRules()
    {
        NetworkSecurityGroup nsg = UpstreamNsg();

        Assert.Equal("testnsg", nsg.Name);
        Assert.Equal(7, nsg.Rules.Count);
        SecurityRule rule1 = Assert.Single(nsg.Rules, r => !r.IsDefault);
        Assert.Equal(("rule1", 130, SecurityRuleDirection.Inbound, SecurityRuleAccess.Allow), (rule1.Name, rule1.Priority, rule1.Direction, rule1.Access));
        Assert.Equal(["80"], rule1.DestinationPortRanges);
        Assert.Equal(
            ["AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"],
            nsg.Rules.Where(r => r.IsDefault).Select(r => r.Name));
    }

    [Theory]
    [InlineData("20.1.2.3", "AllowInternetOutBound", true)]   // a registry's public address is in the Internet tag
    [InlineData("10.2.1.9", "AllowVnetOutBound", true)]       // the client's own VNet
    [InlineData("10.1.0.4", "AllowVnetOutBound", true)]       // a connected peering is VirtualNetwork too
    [InlineData("172.16.0.4", "DenyAllOutBound", false)]      // a private address outside the VNets: no allow rule holds it
    public void TheUpstreamNsgDecidesOutboundByItsDefaultRules(string address, string rule, bool allowed)
    {
        SecurityDecision decision = SecurityRuleEvaluator.Evaluate(UpstreamNsg(), SecurityRuleDirection.Outbound, FlowTo(address));

        Assert.Equal(rule, decision.Rule.Name);
        Assert.True(decision.Rule.IsDefault);
        Assert.Equal(allowed, decision.Allowed);
    }

    [Theory]
    [InlineData("10.1.0.4", EndpointPurpose.Rest, "westus", 443, "DenyHubHttps", 200, false)]    // 443 in 443-445, the /24 holds it: deny before the VNet allow
    [InlineData("10.1.0.5", EndpointPurpose.Data, "westus", 445, "DenyHubHttps", 200, false)]    // the range's upper bound
    [InlineData("10.1.0.5", EndpointPurpose.Data, "westus", 446, "AllowVnetOutBound", 65000, true)] // just past the range
    [InlineData("10.1.1.4", EndpointPurpose.Rest, "westus", 443, "AllowVnetOutBound", 65000, true)] // outside the /24
    [InlineData("20.1.2.3", EndpointPurpose.Rest, "westus", 443, "AllowAcrWestus", 300, true)]   // the regional tag, allowed before the general deny
    [InlineData("20.1.2.9", EndpointPurpose.Data, "eastus", 443, "DenyOtherRegions", 310, false)] // another region: only the general tag matches
    [InlineData("20.1.2.9", EndpointPurpose.Data, "eastus", 5005, "DenyOtherRegions", 310, false)] // destinationPortRanges' second entry
    [InlineData("20.60.1.2", EndpointPurpose.Storage, "westus", 443, "DenyStorage", 330, false)] // the UDP allow does not match TCP
    [InlineData("20.60.1.2", EndpointPurpose.Rest, "westus", 8080, "AllowInternetOutBound", 65001, true)] // no rule for the port: the default
    public void TheDerivedNsgDecidesByPriorityPortRangeAndServiceTag(string address, EndpointPurpose role, string region, int port, string rule, int priority, bool allowed)
    {
        SecurityDecision decision = SecurityRuleEvaluator.Evaluate(SpokeNsg(), SecurityRuleDirection.Outbound, FlowTo(address, role, region, port));

        Assert.Equal((rule, priority, allowed), (decision.Rule.Name, decision.Rule.Priority, decision.Allowed));
        Assert.Contains($"{address}:{port}", decision.ToString());
    }

    [Fact]
    public void DenyBeforeAllowAtALowerPriorityNumberWhateverTheOrderInTheAnswer()
    {
        var nsg = new NetworkSecurityGroup
        {
            Name = "n",
            Rules =
            [
                new SecurityRule { Name = "allow", Priority = 500, Direction = SecurityRuleDirection.Outbound, Access = SecurityRuleAccess.Allow, Protocol = "Tcp", DestinationPortRanges = ["443"] },
                new SecurityRule { Name = "deny", Priority = 400, Direction = SecurityRuleDirection.Outbound, Access = SecurityRuleAccess.Deny, Protocol = "*", DestinationAddressPrefixes = ["20.1.2.0/24"] },
                new SecurityRule { Name = "inbound", Priority = 100, Direction = SecurityRuleDirection.Inbound, Access = SecurityRuleAccess.Allow },
            ],
        };

        Assert.Equal("deny", SecurityRuleEvaluator.Evaluate(nsg, SecurityRuleDirection.Outbound, FlowTo("20.1.2.3")).Rule.Name);
        Assert.Equal("allow", SecurityRuleEvaluator.Evaluate(nsg, SecurityRuleDirection.Outbound, FlowTo("20.1.3.3")).Rule.Name);

        // No default rules in the answer: Azure's own apply.
        SecurityDecision fallback = SecurityRuleEvaluator.Evaluate(nsg, SecurityRuleDirection.Outbound, FlowTo("172.16.0.1", port: 22));
        Assert.Equal(("DenyAllOutBound", 65500), (fallback.Rule.Name, fallback.Rule.Priority));
    }

    [Fact]
    public void ASourceCidrMatchesOnlyWhenItHoldsTheWholeClientSubnet()
    {
        SecurityRule Rule(string source) => new()
        {
            Name = source, Priority = 100, Direction = SecurityRuleDirection.Outbound, Access = SecurityRuleAccess.Deny, SourceAddressPrefixes = [source],
        };
        NetworkFlow flow = FlowTo("20.1.2.3");

        Assert.True(SecurityRuleEvaluator.Matches(Rule("10.2.0.0/16"), flow));
        Assert.True(SecurityRuleEvaluator.Matches(Rule("VirtualNetwork"), flow));
        Assert.False(SecurityRuleEvaluator.Matches(Rule("10.2.1.128/25"), flow));
        Assert.False(SecurityRuleEvaluator.Matches(Rule("10.3.0.0/16"), flow));
    }

    [Theory]
    [InlineData("*", 443, true)]
    [InlineData("443", 443, true)]
    [InlineData("443-445", 444, true)]
    [InlineData("443-445", 442, false)]
    [InlineData("80", 443, false)]
    [InlineData("not-a-port", 443, false)]
    public void PortRanges(string range, int port, bool contains) =>
        Assert.Equal(contains, SecurityRuleEvaluator.PortRangeContains(range, port));

    [Fact]
    public void EveryPortOfARangeIsInsideItAndNoneOutside()
    {
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            int low = random.Next(1, 65000);
            int high = random.Next(low, 65536);
            string range = $"{low}-{high}";
            int inside = random.Next(low, high + 1);

            Assert.True(SecurityRuleEvaluator.PortRangeContains(range, inside), $"{inside} in {range}");
            Assert.False(SecurityRuleEvaluator.PortRangeContains(range, low - 1), $"{low - 1} in {range}");
            Assert.False(SecurityRuleEvaluator.PortRangeContains(range, high + 1), $"{high + 1} in {range}");
        }
    }

    [Fact]
    public void AnIPv6FlowMatchesNoIPv4Prefix() =>
        Assert.False(ServiceTags.Contains("10.0.0.0/8", IPAddress.Parse("fd00::4")));
}
