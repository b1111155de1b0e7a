using System.Net;
using AcrNetwork.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;

namespace AcrNetwork.Tests.ClientNetwork;

public class AzureFirewallEvaluatorTests(ITestOutputHelper output)
{
    private static AzureFirewall UpstreamClassicFirewall() => ClientNetworkParser.ParseAzureFirewall(Upstream("2025-09-01/AzureFirewallGet.json"));

    private static NetworkFlow From(string source, string destination = "20.1.2.3", params string[] tags) =>
        new() { Source = IPNetwork.Parse(source), Destination = IPAddress.Parse(destination), DestinationTags = tags };

    [Fact]
    public void ReadsTheUpstreamClassicFirewallWithoutItsNatRules()
    {
        AzureFirewall firewall = UpstreamClassicFirewall();

        Assert.Equal("azurefirewall", firewall.Name);
        Assert.Equal(["10.0.0.0"], firewall.PrivateIpAddresses);
        Assert.Null(firewall.FirewallPolicyId);
        Assert.Equal(["netrulecoll", "apprulecoll"], firewall.RuleCollections.Select(c => c.Name));
        FirewallRuleCollection application = firewall.RuleCollections[1];
        Assert.Equal((110, SecurityRuleAccess.Deny, null), (application.Priority, application.Action, application.GroupName));
        FirewallRule rule1 = Assert.Single(application.Rules);
        Assert.Equal((FirewallRuleKind.Application, "Https:443"), (rule1.Kind, Assert.Single(rule1.Protocols)));
        Assert.Equal(["www.test.com"], rule1.DestinationFqdns);
        Assert.Equal(["216.58.216.164", "10.0.0.0/24"], rule1.SourceAddresses);
        FirewallRule withFqdn = firewall.RuleCollections[0].Rules[1];
        Assert.Equal((FirewallRuleKind.Network, "L4-traffic-with-FQDN"), (withFqdn.Kind, withFqdn.Name));
        Assert.Equal(["www.amazon.com"], withFqdn.DestinationFqdns);
        Assert.Equal(["443-444", "8443"], withFqdn.DestinationPorts);
    }

    [Theory]
    [InlineData("10.0.0.0/24", "www.test.com", "rule1")]                  // application rule, Https:443 to its target FQDN
    [InlineData("10.1.4.16/28", "www.test.com", "L4-traffic")]            // a network rule (range source, 443-444) comes before any application rule, whatever the priorities
    [InlineData("10.2.4.16/28", "www.amazon.com", "L4-traffic-with-FQDN")] // a network rule's destination FQDN
    [InlineData("10.1.4.0/24", "www.test.com", null)]                     // the range 10.1.4.12-255 does not hold the whole subnet
    [InlineData("10.9.0.0/24", "www.test.com", null)]                     // no rule: the default deny
    public void TheUpstreamClassicFirewallDeniesByTheFirstMatchingRule(string subnet, string host, string? rule)
    {
        FirewallDecision decision = AzureFirewallEvaluator.Evaluate(UpstreamClassicFirewall(), host, From(subnet));

        Assert.Equal(rule, decision.Rule?.Name);
        Assert.False(decision.Allowed);
        Assert.Contains(rule is null ? "no rule allows www" : $"rule {rule} in collection", decision.ToString());
    }

    [Fact]
    public void ReadsTheUpstreamPolicyAndItsRuleCollectionGroup()
    {
        var (groups, basePolicy) = ClientNetworkParser.ParseFirewallPolicy(Upstream("2025-09-01/FirewallPolicyGet.json"));
        FirewallRuleCollection collection = Assert.Single(ClientNetworkParser.ParseRuleCollectionGroup(Upstream("2025-05-01/FirewallPolicyRuleCollectionGroupGet.json"), policyTier: 1));
        var firewall = new AzureFirewall { Name = "azurefirewall", RuleCollections = [collection] };

        Assert.EndsWith("/firewallPolicies/firewallPolicy/ruleCollectionGroups/ruleCollectionGroup1", Assert.Single(groups));
        Assert.Null(basePolicy);
        Assert.Equal(("Example-Filter-Rule-Collection", 200, "ruleCollectionGroup1", 110, SecurityRuleAccess.Deny), (collection.Name, collection.Priority, collection.GroupName, collection.GroupPriority, collection.Action));
        Assert.Equal("network-rule1", AzureFirewallEvaluator.Evaluate(firewall, "myregistry.azurecr.io", From("10.1.25.0/24")).Rule?.Name);
        Assert.Null(AzureFirewallEvaluator.Evaluate(firewall, "myregistry.azurecr.io", From("10.1.24.0/23")).Rule);
    }

    [Theory]
    [InlineData("myregistry.azurecr.io", EndpointPurpose.Rest, "westus", "20.1.2.3", "login-server", true)]                 // application rule for the login server
    [InlineData("myregistry.westus.data.azurecr.io", EndpointPurpose.Data, "westus", "20.1.2.5", null, false)]            // the data endpoint: no rule (the *.azurecr.io deny is Http:80 only)
    [InlineData("stmyregistry.blob.core.windows.net", EndpointPurpose.Storage, "westus", "20.60.1.2", "storage-443", true)] // network rule to the Storage tag from an IP group
    [InlineData("myregistry.eastus.data.azurecr.io", EndpointPurpose.Data, "eastus", "20.1.3.5", "registry-eastus", false)] // the parent policy's deny comes first
    [InlineData("eastus.data.mcr.microsoft.com", EndpointPurpose.Rest, null, "20.1.4.5", "mcr", true)]                      // wildcard target FQDN
    public void TheHubFirewallDecidesEachRegistryHost(string host, EndpointPurpose role, string? region, string address, string? rule, bool allowed)
    {
        FirewallDecision decision = AzureFirewallEvaluator.Evaluate(HubFirewall(), host, FlowTo(address, role, region));

        Assert.Equal(rule, decision.Rule?.Name);
        Assert.Equal(allowed, decision.Allowed);
    }

    [Fact]
    public void AnUnreadIpGroupHoldsNoAddress()
    {
        AzureFirewall hub = HubFirewall();
        var withoutGroups = new AzureFirewall { Name = hub.Name, PrivateIpAddresses = hub.PrivateIpAddresses, RuleCollections = hub.RuleCollections };

        Assert.Null(AzureFirewallEvaluator.Evaluate(withoutGroups, "stmyregistry.blob.core.windows.net", FlowTo("20.60.1.2", EndpointPurpose.Storage)).Rule);
    }

    [Theory]
    [InlineData("*.azurecr.io", "contoso.westus.data.azurecr.io", true)]
    [InlineData("*.azurecr.io", "azurecr.io", false)]
    [InlineData("*.azurecr.io", "contoso.azurecr.io.example.com", false)]
    [InlineData("*", "anything.example.com", true)]
    [InlineData("Contoso.AzureCR.io", "contoso.azurecr.io.", true)]
    [InlineData("contoso.azurecr.io", "contoso.westus.data.azurecr.io", false)]
    public void TargetFqdnsMatchAsAzureFirewallDoes(string pattern, string host, bool matches) =>
        Assert.Equal(matches, AzureFirewallEvaluator.FqdnMatches(pattern, host));

    /// <summary>
    /// An Allow and a Deny collection both match the flow: the one Azure Firewall meets first decides (parent policy,
    /// then group priority, then collection priority), and a network rule decides before any application rule.
    /// </summary>
    [Fact]
    public void TheFirstCollectionInProcessingOrderDecides()
    {
        Gen<(int Tier, int Group, int Priority)> order =
            from tier in Gen.Choose(0, 1)
            from groupPriority in Gen.Choose(100, 65000)
            from priority in Gen.Choose(100, 65000)
            select (tier, groupPriority, priority);
        Gen<FirewallRuleKind> kind = Gen.Elements(FirewallRuleKind.Network, FirewallRuleKind.Application);
        Gen<((int Tier, int Group, int Priority) Allow, (int Tier, int Group, int Priority) Deny, FirewallRuleKind AllowKind, FirewallRuleKind DenyKind)> inputs =
            from allowAt in order
            from denyAt in order
            from allowKind in kind
            from denyKind in kind
            select (allowAt, denyAt, allowKind, denyKind);
        PropertyRun.Check(output, "Azure Firewall processing order", inputs, input =>
        {
            var (allow, deny, allowKind, denyKind) = input;
            FirewallRuleCollection Collection(string name, (int Tier, int Group, int Priority) at, SecurityRuleAccess action, FirewallRuleKind kind) => new()
            {
                Name = name,
                PolicyTier = at.Tier,
                GroupName = "group",
                GroupPriority = at.Group,
                Priority = at.Priority,
                Action = action,
                Rules = [new FirewallRule
                {
                    Name = name,
                    Kind = kind,
                    SourceAddresses = ["10.2.0.0/16"],
                    Protocols = kind == FirewallRuleKind.Network ? ["TCP"] : ["Https:443"],
                    DestinationAddresses = kind == FirewallRuleKind.Network ? ["AzureContainerRegistry"] : [],
                    DestinationPorts = ["443"],
                    DestinationFqdns = kind == FirewallRuleKind.Application ? ["*.azurecr.io"] : [],
                }],
            };
            var firewall = new AzureFirewall { Name = "fw", RuleCollections = [Collection("deny", deny, SecurityRuleAccess.Deny, denyKind), Collection("allow", allow, SecurityRuleAccess.Allow, allowKind)] };

            FirewallDecision decision = AzureFirewallEvaluator.Evaluate(firewall, "contoso.westus.data.azurecr.io", FlowTo("20.1.2.5", EndpointPurpose.Data));

            bool allowFirst = allowKind != denyKind
                ? allowKind == FirewallRuleKind.Network
                : (allow.Tier, allow.Group, allow.Priority).CompareTo((deny.Tier, deny.Group, deny.Priority)) < 0;
            Assert.True(allowFirst == decision.Allowed || (allow.Tier, allow.Group, allow.Priority) == (deny.Tier, deny.Group, deny.Priority));
        });
    }
}
