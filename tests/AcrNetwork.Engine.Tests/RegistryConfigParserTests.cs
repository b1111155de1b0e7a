namespace AcrNetwork.Tests;

public class RegistryConfigParserTests
{
    [Fact]
    public void ReadsTheUpstreamRegistryExample()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Upstream("RegistryGet.json"));

        Assert.Equal("myRegistry", registry.Name);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.ContainerRegistry/registries/myRegistry", registry.ResourceId);
        Assert.Equal("00000000-0000-0000-0000-000000000000", registry.SubscriptionId);
        Assert.Equal("myResourceGroup", registry.ResourceGroupName);
        Assert.Equal("westus", registry.Location);
        Assert.Equal(RegistrySku.Standard, registry.Sku);
        Assert.Equal("myRegistry.azurecr.io", registry.LoginServer);
        Assert.Equal(PublicNetworkAccess.Enabled, registry.PublicNetworkAccess);
        Assert.Equal(NetworkRuleAction.Allow, registry.DefaultAction);
        Assert.Empty(registry.IpRules);
        Assert.Equal(TrustedServicesBypass.AzureServices, registry.TrustedServicesBypass);
        Assert.False(registry.DataEndpointEnabled);
        Assert.Empty(registry.PrivateEndpoints);
        Assert.False(registry.AnonymousPullEnabled);
        Assert.True(registry.AuthenticationAsArmEnabled);
        Assert.False(registry.IsNetworkRestricted);
        Assert.Equal(["westus"], registry.Regions);
    }

    [Theory]
    [InlineData("RegistryList.json")]
    [InlineData("RegistryListByResourceGroup.json")]
    public void ReadsArmListsThroughTheirValueArray(string fileName)
    {
        RegistryNetworkConfig registry = Assert.Single(TestData.ParseFile(TestData.Upstream(fileName)));
        Assert.Equal("myRegistry", registry.Name);
        Assert.Equal(RegistrySku.Standard, registry.Sku);
    }

    [Fact]
    public void ReadsALockedDownRegistry()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("registry-locked-down.json"));

        Assert.Equal(RegistrySku.Premium, registry.Sku);
        Assert.Equal(NetworkRuleAction.Deny, registry.DefaultAction);
        Assert.Equal(["198.51.100.7/32", "203.0.113.0/24"], registry.IpRules);
        Assert.Equal(TrustedServicesBypass.None, registry.TrustedServicesBypass);
        Assert.True(registry.IsNetworkRestricted);
        Assert.False(registry.AuthenticationAsArmEnabled);
        Assert.True(registry.DataEndpointEnabled);
        Assert.Collection(
            registry.DataEndpoints,
            e => { Assert.Equal("westus", e.Region); Assert.Equal("myregistry.westus.data.azurecr.io", e.HostName); },
            e => { Assert.Equal("eastus", e.Region); Assert.Equal("myregistry.eastus.data.azurecr.io", e.HostName); });
        Assert.Collection(
            registry.PrivateEndpoints,
            pe =>
            {
                Assert.Equal("peexample01", pe.Name);
                Assert.Equal("myConnection", pe.ConnectionName);
                Assert.Equal(PrivateEndpointConnectionStatus.Approved, pe.ConnectionStatus);
                Assert.Equal("Auto-Approved", pe.ConnectionDescription);
                Assert.EndsWith("/privateEndpoints/peexample01", pe.ResourceId);
            },
            pe =>
            {
                Assert.Equal("pe-spoke", pe.Name);
                Assert.Equal(PrivateEndpointConnectionStatus.Pending, pe.ConnectionStatus);
                Assert.StartsWith("/subscriptions/11111111-", pe.ResourceId);
            });
    }

    [Fact]
    public void ReadsARegistryWithPublicAccessDisabled()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("registry-public-access-disabled.json"));

        Assert.Equal(PublicNetworkAccess.Disabled, registry.PublicNetworkAccess);
        Assert.True(registry.IsNetworkRestricted);
        Assert.Equal(PrivateEndpointConnectionStatus.Approved, Assert.Single(registry.PrivateEndpoints).ConnectionStatus);
    }

    [Fact]
    public void ReadsTheAzureCliShapeWithVirtualNetworkRules()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("az-acr-show-premium.json"));

        Assert.Equal("contosoregistry", registry.Name);
        Assert.Equal("myResourceGroup", registry.ResourceGroupName);
        Assert.Equal("westeurope", registry.Location);
        Assert.Equal(RegistrySku.Premium, registry.Sku);
        Assert.Equal(NetworkRuleAction.Deny, registry.DefaultAction);
        Assert.Equal(["192.0.2.0/28"], registry.IpRules);
        VirtualNetworkRule rule = Assert.Single(registry.VirtualNetworkRules);
        Assert.EndsWith("/virtualNetworks/aks-vnet/subnets/nodes", rule.SubnetId);
        Assert.Equal(NetworkRuleAction.Allow, rule.Action);
        Assert.True(registry.AuthenticationAsArmEnabled);
    }

    [Fact]
    public void ToleratesANullRuleSetUnknownValuesAndNewFields()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("az-acr-show-basic.json"));

        Assert.Equal(RegistrySku.Basic, registry.Sku);
        Assert.Null(registry.DefaultAction);
        Assert.Empty(registry.IpRules);
        Assert.Equal(PublicNetworkAccess.Unknown, registry.PublicNetworkAccess);
        Assert.False(registry.IsNetworkRestricted);
    }

    [Fact]
    public void ReadsEveryRegistryOfACliList()
    {
        IReadOnlyList<RegistryNetworkConfig> registries = TestData.ParseFile(TestData.Derived("az-acr-list.json"));

        Assert.Equal(["myRegistry", "myRegistry2"], registries.Select(r => r.Name));
        Assert.Equal(["203.0.113.10/32"], registries[1].IpRules);
    }

    [Fact]
    public void ReadsItsOwnExportWithEnumsAsNumbers()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("acrnetwork-export.json"));

        Assert.Equal(RegistrySku.Premium, registry.Sku);
        Assert.Equal(PublicNetworkAccess.Disabled, registry.PublicNetworkAccess);
        Assert.Equal(NetworkRuleAction.Deny, registry.DefaultAction);
        Assert.Equal(TrustedServicesBypass.AzureServices, registry.TrustedServicesBypass);
        RegistryReplication replica = Assert.Single(registry.Replications);
        Assert.Equal("eastus", replica.Region);
        Assert.Equal("Ready", replica.Status);
        Assert.Equal(["westus", "eastus"], registry.Regions);
        RegistryPrivateEndpoint endpoint = Assert.Single(registry.PrivateEndpoints);
        Assert.Equal(PrivateEndpointConnectionStatus.Approved, endpoint.ConnectionStatus);
        Assert.EndsWith("/subnets/endpoints", endpoint.SubnetId);
        Assert.Equal(
            ["myregistry.azurecr.io=10.1.0.4", "myregistry.westus.data.azurecr.io=10.1.0.5", "myregistry.eastus.data.azurecr.io=10.1.0.6"],
            endpoint.Addresses.Select(a => $"{a.Fqdn}={a.IPAddress}"));
        Assert.Equal("registry_data_eastus", endpoint.Addresses[2].MemberName);
    }

    [Fact]
    public void ReadsReplicationResourcesNextToARegistry()
    {
        RegistryNetworkConfig registry = TestData.ParseText("""
            { "name": "geo", "location": "westeurope", "properties": { "loginServer": "geo.azurecr.io" },
              "replications": [
                { "name": "eastus", "location": "eastus", "properties": { "status": { "displayStatus": "Ready" }, "regionEndpointEnabled": false } },
                { "name": "westeurope", "location": "westeurope", "properties": { "provisioningState": "Succeeded" } } ] }
            """);

        Assert.Equal(["westeurope", "eastus"], registry.Regions);
        Assert.False(registry.Replications[0].RegionEndpointEnabled);
        Assert.Equal("Ready", registry.Replications[0].Status);
        Assert.Equal("Succeeded", registry.Replications[1].Status);
    }

    [Fact]
    public void DerivesTheLoginServerFromTheNameAndCloud()
    {
        RegistryNetworkConfig registry = Assert.Single(RegistryConfigParser.Parse(
            RegistryConfigParser.ParseJson("""{ "name": "GovRegistry" }""", "test"), "test", AzureCloudEnvironment.AzureUSGovernment));

        Assert.Equal("govregistry.azurecr.us", registry.LoginServer);
    }

    [Fact]
    public void RefusesAResourceThatIsNotARegistry()
    {
        var error = Assert.Throws<RegistryConfigFormatException>(() => TestData.ParseFile(TestData.Derived("not-a-registry.json")));
        Assert.Contains("Microsoft.ContainerRegistry/registries/replications", error.Message);
    }

    [Theory]
    [InlineData("{ \"name\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public void ReportsMalformedJsonClearly(string json)
    {
        var error = Assert.Throws<RegistryConfigFormatException>(() => RegistryConfigParser.ParseJson(json, "export.json"));
        Assert.StartsWith("export.json is not valid JSON", error.Message);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{ \"value\": [] }")]
    [InlineData("[ { \"tags\": {} } ]")]
    public void RefusesJsonThatHoldsNoRegistry(string json)
    {
        Assert.Throws<RegistryConfigFormatException>(() => RegistryConfigParser.Parse(
            RegistryConfigParser.ParseJson(json, "input"), "input", AzureCloudEnvironment.AzureCloud));
    }

    [Fact]
    public void ToleratesWrongTypesInsideARegistry()
    {
        RegistryNetworkConfig registry = TestData.ParseText("""
            { "name": "odd01", "sku": "Premium", "properties": {
                "networkRuleSet": { "defaultAction": 7, "ipRules": "10.0.0.1" },
                "privateEndpointConnections": [ 1, null, { "properties": {} } ],
                "dataEndpointEnabled": "yes", "dataEndpointHostNames": { "hostName": 3 } } }
            """);

        Assert.Equal(RegistrySku.Premium, registry.Sku);
        Assert.Equal(NetworkRuleAction.Unknown, registry.DefaultAction);
        Assert.Equal(["10.0.0.1/32"], registry.IpRules);
        Assert.Empty(registry.PrivateEndpoints);
        Assert.False(registry.DataEndpointEnabled);
        Assert.Single(registry.DataEndpoints);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("10.1.2.3/8", "10.0.0.0/8")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    public void NormalizesIpRulesToCidr(string value, string expected)
    {
        Assert.True(RegistryConfigParser.TryNormalizeCidr(value, out string? cidr));
        Assert.Equal(expected, cidr);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("garbage")]
    [InlineData("999.1.1.1")]
    [InlineData("10.0.0.0/99")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10")]
    [InlineData("1.2.3")]
    [InlineData("2001:db8::/129")]
    public void RecognisesMalformedIpRules(string value) => Assert.False(RegistryConfigParser.TryNormalizeCidr(value, out _));

    [Fact]
    public void RefusesAnExportWithMalformedIpRules()
    {
        var error = Assert.Throws<RegistryConfigFormatException>(() => TestData.ParseText("""
            { "name": "myregistry", "networkRuleSet": { "defaultAction": "Deny", "ipRules": [
                { "action": "Allow", "value": "203.0.113.0/24" }, { "action": "Allow", "value": "999.1.1.1" },
                { "action": "Allow", "value": "10.0.0.0/99" }, { "action": "Allow", "value": "garbage" } ] } }
            """));

        Assert.Contains("'999.1.1.1', '10.0.0.0/99', 'garbage'", error.Message);
        Assert.Contains("not IPv4 or IPv6 addresses or CIDR ranges", error.Message);
    }

    [Fact]
    public void KeepsMalformedIpRulesAsideWhenArmReturnsThem()
    {
        RegistryNetworkConfig registry = Assert.Single(RegistryConfigParser.Parse(
            RegistryConfigParser.ParseJson("""
                { "name": "myregistry", "networkRuleSet": { "defaultAction": "Deny", "ipRules": [
                    { "action": "Allow", "value": "203.0.113.0/24" }, { "action": "Allow", "value": "999.1.1.1" } ] } }
                """, "ARM"),
            "ARM",
            AzureCloudEnvironment.AzureCloud,
            fromArm: true));

        Assert.Equal(["203.0.113.0/24"], registry.IpRules);
        Assert.Equal(["999.1.1.1"], registry.MalformedIpRules);
    }

    [Theory]
    [InlineData("arm/dns-zone-groups.json", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups")]
    [InlineData("arm/provider-not-registered.json", "'Microsoft.ContainerRegistry', not a registry")]
    public void RefusesArmBodiesOfOtherResourcesThatCarryNoType(string file, string named)
    {
        var error = Assert.Throws<RegistryConfigFormatException>(() => TestData.ParseFile(TestData.Derived(file)));
        Assert.Contains(named, error.Message);
    }
}
