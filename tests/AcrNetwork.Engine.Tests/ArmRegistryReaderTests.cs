using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;

namespace AcrNetwork.Tests;

public class ArmRegistryReaderTests
{
    private static Task<RegistryNetworkConfig> ReadAsync(FakeArm arm) =>
        new ArmRegistryReader(arm.Connect()).GetAsync(FakeArm.RegistryId, CancellationToken.None);

    [Fact]
    public async Task ReadsTheRegistryAndEverythingAroundItsPrivateEndpoint()
    {
        RegistryNetworkConfig registry = await ReadAsync(FakeArm.WithPrivateRegistry());

        Assert.Equal("myRegistry", registry.Name);
        Assert.Equal(RegistrySku.Premium, registry.Sku);
        Assert.Equal(PublicNetworkAccess.Disabled, registry.PublicNetworkAccess);
        Assert.Equal(NetworkRuleAction.Deny, registry.DefaultAction);
        Assert.Equal(["westus", "eastus"], registry.Regions);
        Assert.Equal("Ready", Assert.Single(registry.Replications).Status);
        Assert.Equal(FakeArm.RegistryId, registry.Source);
        Assert.Empty(registry.UnreadResources);

        RegistryPrivateEndpoint endpoint = Assert.Single(registry.PrivateEndpoints);
        Assert.Equal("pe-myregistry", endpoint.Name);
        Assert.Equal(PrivateEndpointConnectionStatus.Approved, endpoint.ConnectionStatus);
        Assert.EndsWith("/virtualNetworks/hub/subnets/endpoints", endpoint.SubnetId);
        Assert.Equal(
            ["myregistry.azurecr.io = 10.1.0.4", "myregistry.westus.data.azurecr.io = 10.1.0.5", "myregistry.eastus.data.azurecr.io = 10.1.0.6"],
            endpoint.Addresses.Select(a => a.ToString()));
        Assert.Equal(["registry", "registry_data_westus", "registry_data_eastus"], endpoint.Addresses.Select(a => a.MemberName));
        Assert.Equal(
            ["myregistry.privatelink.azurecr.io", "myregistry.westus.data.privatelink.azurecr.io", "myregistry.eastus.data.privatelink.azurecr.io"],
            endpoint.DnsZoneGroupRecords.Select(r => r.Fqdn));

        PrivateDnsZone zone = Assert.Single(registry.PrivateDnsZones);
        Assert.Equal("privatelink.azurecr.io", zone.Name);
        Assert.Equal(FakeArm.ZoneId, zone.ResourceId);

        // Both pages of the shared zone were read; another registry's record is left out; the stale eastus record is shown as it is.
        Assert.Equal(
            ["myregistry.privatelink.azurecr.io = 10.1.0.4", "myregistry.westus.data.privatelink.azurecr.io = 10.1.0.5", "myregistry.eastus.data.privatelink.azurecr.io = 10.1.0.60"],
            zone.Records.Select(r => r.ToString()));
        Assert.All(zone.Records, r => Assert.Equal(10, r.Ttl));
        PrivateDnsZoneLink link = Assert.Single(zone.VirtualNetworkLinks);
        Assert.EndsWith("/virtualNetworks/hub", link.VirtualNetworkId);
        Assert.Equal("Completed", link.State);
        Assert.False(link.RegistrationEnabled);

        ResourceProviderRegistration registration = Assert.Single(registry.ProviderRegistrations);
        Assert.Equal("22222222-2222-2222-2222-222222222222", registration.SubscriptionId);
        Assert.False(registration.IsRegistered);
        Assert.Equal("NotRegistered", registration.RegistrationState);
    }

    [Fact]
    public async Task SendsOneRequestPerResourceWithItsPinnedApiVersionAndNoProviderLookups()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        await ReadAsync(arm);

        Dictionary<string, string> expected = new(StringComparer.OrdinalIgnoreCase)
        {
            [FakeArm.RegistryId] = "2026-01-01-preview",
            [$"{FakeArm.RegistryId}/replications"] = "2025-04-01",
            [FakeArm.PrivateEndpointId] = "2025-05-01",
            [FakeArm.NicId] = "2025-05-01",
            [$"{FakeArm.PrivateEndpointId}/privateDnsZoneGroups"] = "2025-05-01",
            [$"{FakeArm.ZoneId}/A"] = "2024-06-01",
            [$"{FakeArm.ZoneId}/virtualNetworkLinks"] = "2024-06-01",
            [FakeArm.ProviderPath] = "2022-09-01",
        };
        Assert.Equal(expected.Count + 1, arm.Requests.Count);
        foreach ((string path, string version) in expected)
        {
            FakeArm.RecordedRequest request = arm.RequestsTo(path)[0];
            Assert.Equal("GET", request.Method);
            Assert.Contains($"api-version={version}", request.Query);
            Assert.Equal($"Bearer {FakeArm.Token}", request.Authorization);
        }

        Assert.Contains("$skipToken=page2", arm.RequestsTo($"{FakeArm.ZoneId}/A")[1].Query);
    }

    [Fact]
    public async Task ReadsTheRegistryAtThePreviewApiVersionWithItsRegionalEndpointsDualStackAndTasksBypass()
    {
        var arm = new FakeArm();
        JsonNode preview = JsonNode.Parse(File.ReadAllText(TestData.Derived("registry-regional-dual-stack.json")))!["responses"]!["200"]!["body"]!;
        arm.Replace(FakeArm.RegistryId, () => FakeArm.Respond(HttpStatusCode.OK, preview.ToJsonString()));

        RegistryNetworkConfig registry = await ReadAsync(arm);

        Assert.Contains("api-version=2026-01-01-preview", Assert.Single(arm.RequestsTo(FakeArm.RegistryId)).Query);
        Assert.True(registry.RegionalEndpointsEnabled);
        Assert.Equal(["westus", "eastus"], registry.RegionalEndpoints.Select(e => e.Region));
        Assert.Equal(EndpointProtocol.IPv4AndIPv6, registry.EndpointProtocol);
        Assert.False(registry.TasksBypassAllowed);
    }

    [Theory]
    [InlineData("InvalidApiVersionParameter", "https://management.sovereign-one.test/")]
    [InlineData("NoRegisteredProviderFound", "https://management.sovereign-two.test/")]
    public async Task ACloudThatRefusesThePreviewIsReadAtTheStableApiVersionForTheRestOfTheSession(string code, string resourceManager)
    {
        // A cloud of its own per case: what a cloud refused is remembered for the process.
        var cloud = new AzureCloudEnvironment("Sovereign", resourceManager, "azurecr.test", "https://login.sovereign.test/", "core.sovereign.test");
        FakeArm arm = FakeArm.WithPrivateRegistry();
        string registryBody = File.ReadAllText(TestData.Derived("arm/registry.json"));
        arm.Replace(
            FakeArm.RegistryId,
            () => FakeArm.Respond(HttpStatusCode.BadRequest, FakeArm.ArmError(code, "The resource type 'registries' could not be found for api version '2026-01-01-preview'.")),
            () => FakeArm.Respond(HttpStatusCode.OK, registryBody));

        RegistryNetworkConfig first = await new ArmRegistryReader(arm.Connect(cloud)).GetAsync(FakeArm.RegistryId, CancellationToken.None);
        RegistryNetworkConfig second = await new ArmRegistryReader(arm.Connect(cloud)).GetAsync(FakeArm.RegistryId, CancellationToken.None);

        Assert.Equal(("myRegistry", "myRegistry"), (first.Name, second.Name));
        Assert.Equal(
            ["?api-version=2026-01-01-preview", "?api-version=2025-04-01", "?api-version=2025-04-01"],
            arm.RequestsTo(FakeArm.RegistryId).Select(r => r.Query));
    }

    [Fact]
    public async Task AnyOtherBadRequestIsTheRegistrysFailureNotAMissingPreview()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Error(FakeArm.RegistryId, HttpStatusCode.BadRequest, "InvalidResourceName", "The resource name is invalid.");

        ArmReadException ex = await Assert.ThrowsAsync<ArmReadException>(() => ReadAsync(arm));

        Assert.Equal((ArmFailure.Rejected, "InvalidResourceName"), (ex.Failure, ex.ErrorCode));
        Assert.Contains("api-version=2026-01-01-preview", Assert.Single(arm.RequestsTo(FakeArm.RegistryId)).Query);
    }

    [Fact]
    public async Task ForbiddenPrivateEndpointGivesAPartialConfigurationThatSaysWhatWasNotRead()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Error(FakeArm.PrivateEndpointId, HttpStatusCode.Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/privateEndpoints/read'.");

        RegistryNetworkConfig registry = await ReadAsync(arm);

        UnreadResource unread = Assert.Single(registry.UnreadResources);
        Assert.Equal(FakeArm.PrivateEndpointId, unread.ResourceId);
        Assert.Equal("private endpoint", unread.Role);
        Assert.Equal(403, unread.StatusCode);
        Assert.Equal("AuthorizationFailed", unread.ErrorCode);
        Assert.Contains("Microsoft.Network/privateEndpoints/read", unread.Message);

        // What the registry itself says, and the zone group, still come through.
        RegistryPrivateEndpoint endpoint = Assert.Single(registry.PrivateEndpoints);
        Assert.Equal(PrivateEndpointConnectionStatus.Approved, endpoint.ConnectionStatus);
        Assert.Empty(endpoint.Addresses);
        Assert.Equal(3, endpoint.DnsZoneGroupRecords.Count);
        Assert.Equal(3, Assert.Single(registry.PrivateDnsZones).Records.Count);
        Assert.Empty(arm.RequestsTo(FakeArm.NicId));
    }

    [Fact]
    public async Task UnreadableNicFallsBackToTheEndpointsCustomDnsConfigs()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Error(FakeArm.NicId, HttpStatusCode.Forbidden, "AuthorizationFailed", "No read on networkInterfaces.");

        RegistryNetworkConfig registry = await ReadAsync(arm);

        Assert.Equal("private endpoint network interface", Assert.Single(registry.UnreadResources).Role);
        RegistryPrivateEndpoint endpoint = Assert.Single(registry.PrivateEndpoints);
        Assert.Equal(["10.1.0.4", "10.1.0.5", "10.1.0.6"], endpoint.Addresses.Select(a => a.IPAddress));
        Assert.All(endpoint.Addresses, a => Assert.Null(a.MemberName));
    }

    [Fact]
    public async Task MissingRegistryIsNotFound()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Error(FakeArm.RegistryId, HttpStatusCode.NotFound, "ResourceNotFound", "The Resource 'Microsoft.ContainerRegistry/registries/myRegistry' under resource group 'myResourceGroup' was not found.");

        ArmReadException ex = await Assert.ThrowsAsync<ArmReadException>(() => ReadAsync(arm));

        Assert.Equal(ArmFailure.NotFound, ex.Failure);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Contains("was not found", ex.Message);
    }

    [Fact]
    public async Task ThrottledRequestIsRetriedAfterRetryAfter()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Replace(
            FakeArm.RegistryId,
            () =>
            {
                HttpResponseMessage throttled = FakeArm.Respond(HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""");
                throttled.Headers.Add("Retry-After", "1");
                return throttled;
            },
            () => FakeArm.Respond(HttpStatusCode.OK, File.ReadAllText(TestData.Derived("arm/registry.json"))));

        RegistryNetworkConfig registry = await ReadAsync(arm);

        Assert.Equal("myRegistry", registry.Name);
        Assert.Equal(2, arm.RequestsTo(FakeArm.RegistryId).Count);
    }

    [Fact]
    public async Task MalformedRegistryJsonIsAClearError()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Replace(FakeArm.RegistryId, () => FakeArm.Respond(HttpStatusCode.OK, """{"id": "/subscriptions/x", "properties": {"""));

        ArmReadException ex = await Assert.ThrowsAsync<ArmReadException>(() => ReadAsync(arm));

        Assert.Equal(ArmFailure.InvalidResponse, ex.Failure);
        Assert.StartsWith($"ARM answered {FakeArm.RegistryId} with malformed JSON", ex.Message);
    }

    [Fact]
    public async Task MalformedJsonForAPartIsReportedAsUnread()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Replace($"{FakeArm.ZoneId}/virtualNetworkLinks", () => FakeArm.Respond(HttpStatusCode.OK, "<html>gateway</html>"));

        RegistryNetworkConfig registry = await ReadAsync(arm);

        UnreadResource unread = Assert.Single(registry.UnreadResources);
        Assert.Equal("private DNS zone virtual network links", unread.Role);
        Assert.Contains("malformed JSON", unread.Message);
        Assert.Empty(Assert.Single(registry.PrivateDnsZones).VirtualNetworkLinks);
    }

    [Fact]
    public async Task NextLinkToAnotherHostIsNotFollowed()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Replace($"{FakeArm.ZoneId}/A", () => FakeArm.Respond(HttpStatusCode.OK, """{"value":[],"nextLink":"https://attacker.example/collect?api-version=2024-06-01"}"""));

        RegistryNetworkConfig registry = await ReadAsync(arm);

        Assert.Contains("was not followed", Assert.Single(registry.UnreadResources).Message);
        Assert.DoesNotContain(arm.Requests, r => r.Path.Contains("collect"));
    }

    [Fact]
    public async Task UnavailableCredentialIsReportedAsSuch()
    {
        var arm = FakeArm.WithPrivateRegistry();
        var reader = new ArmRegistryReader(arm.Connect(credential: new UnavailableCredential()));

        ArmReadException ex = await Assert.ThrowsAsync<ArmReadException>(() => reader.GetAsync(FakeArm.RegistryId, CancellationToken.None));

        Assert.Equal(ArmFailure.CredentialUnavailable, ex.Failure);
        Assert.Empty(arm.Requests);
    }

    [Fact]
    public async Task AllRegistriesComeFromResourceGraphPageByPage()
    {
        var arm = new FakeArm();
        arm.Json(ResourceGraph.QueryPath, "graph-page1.json", "graph-page2.json");

        var registries = new List<RegistryNetworkConfig>();
        await foreach (RegistryNetworkConfig registry in new ArmRegistryReader(arm.Connect()).GetAllAsync(subscriptionId: null, CancellationToken.None))
        {
            registries.Add(registry);
        }

        Assert.Equal(["fleet001", "fleet002", "fleet003"], registries.Select(r => r.Name));
        Assert.Equal(["westus", "eastus"], registries[1].Regions);
        Assert.Equal("22222222-2222-2222-2222-222222222222", registries[1].SubscriptionId);
        Assert.Equal(2, arm.Requests.Count);

        JsonNode first = JsonNode.Parse(arm.Requests.First().Body!)!;
        Assert.Contains("microsoft.containerregistry/registries/replications", first["query"]!.GetValue<string>());
        Assert.Equal("objectArray", first["options"]!["resultFormat"]!.GetValue<string>());
        Assert.Null(first["subscriptions"]);
        JsonNode second = JsonNode.Parse(arm.Requests.Last().Body!)!;
        Assert.Equal("ew0KICAiJGlkIjogIjIiDQp9", second["options"]!["$skipToken"]!.GetValue<string>());
        Assert.All(arm.Requests, r => Assert.Equal("POST", r.Method));
        Assert.All(arm.Requests, r => Assert.Contains("api-version=2022-10-01", r.Query));
    }

    [Fact]
    public async Task ListReadsOnlyResourceGraphPagesWithEachRegistrysRegions()
    {
        var arm = new FakeArm();
        arm.Json(ResourceGraph.QueryPath, "graph-page1.json", "graph-page2.json");

        var registries = new List<RegistryNetworkConfig>();
        await foreach (RegistryNetworkConfig registry in new ArmRegistryReader(arm.Connect()).ListAsync(subscriptionId: null, CancellationToken.None))
        {
            registries.Add(registry);
        }

        Assert.Equal(["fleet001", "fleet002", "fleet003"], registries.Select(r => r.Name));
        Assert.Equal(["westus", "eastus"], registries[1].Regions);
        Assert.Equal(2, arm.Requests.Count);
        Assert.All(arm.Requests, r => Assert.Equal(ResourceGraph.QueryPath, r.Path));
    }

    [Fact]
    public async Task NameIsResolvedThroughResourceGraphInTheGivenScope()
    {
        var arm = new FakeArm();
        arm.Replace(ResourceGraph.QueryPath, () => FakeArm.Respond(HttpStatusCode.OK, $$"""{"totalRecords":1,"count":1,"data":[{"id":"{{FakeArm.RegistryId}}"}]}"""));
        var reader = new ArmRegistryReader(arm.Connect());

        string id = await reader.ResolveRegistryIdAsync("myRegistry", resourceGroupName: null, FakeArm.SubscriptionId, CancellationToken.None);

        Assert.Equal(FakeArm.RegistryId, id);
        JsonNode body = JsonNode.Parse(arm.Requests.Single().Body!)!;
        Assert.Contains("name =~ 'myRegistry'", body["query"]!.GetValue<string>());
        Assert.Equal(FakeArm.SubscriptionId, body["subscriptions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task NameNobodyCanSeeIsNotFound()
    {
        var arm = new FakeArm();
        arm.Replace(ResourceGraph.QueryPath, () => FakeArm.Respond(HttpStatusCode.OK, """{"totalRecords":0,"count":0,"data":[]}"""));

        ArmReadException ex = await Assert.ThrowsAsync<ArmReadException>(() =>
            new ArmRegistryReader(arm.Connect()).ResolveRegistryIdAsync("ghostregistry", "rg1", subscriptionId: null, CancellationToken.None));

        Assert.Equal(ArmFailure.NotFound, ex.Failure);
        Assert.Equal("No registry named 'ghostregistry' was found in a resource group named 'rg1'.", ex.Message);
    }

    [Fact]
    public async Task NameWithGroupAndSubscriptionNeedsNoLookup()
    {
        var arm = new FakeArm();

        string id = await new ArmRegistryReader(arm.Connect()).ResolveRegistryIdAsync("myRegistry", "myResourceGroup", FakeArm.SubscriptionId, CancellationToken.None);

        Assert.Equal(FakeArm.RegistryId, id);
        Assert.Empty(arm.Requests);
    }

    [Fact]
    public async Task CustomCloudSendsRequestsToItsResourceManagerUrl()
    {
        var lab = new AzureCloudEnvironment("Lab", "https://management.lab.test/", "acr.lab.test", "https://login.lab.test/", "blob.lab.test");
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Json($"{FakeArm.ZoneId}/A", "zone-records-page2.json");

        RegistryNetworkConfig registry = await new ArmRegistryReader(arm.Connect(lab)).GetAsync(FakeArm.RegistryId, CancellationToken.None);

        Assert.Empty(registry.UnreadResources);
        Assert.All(arm.Requests, r => Assert.Equal("management.lab.test", r.Host));
    }

    [Fact]
    public async Task WhatWasReadRoundTripsThroughItsOwnJsonExport()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        arm.Error(FakeArm.NicId, HttpStatusCode.Forbidden, "AuthorizationFailed", "No read on networkInterfaces.");
        RegistryNetworkConfig original = await ReadAsync(arm);

        // As ConvertTo-Json writes it: property names as declared, enums as numbers.
        RegistryNetworkConfig copy = TestData.ParseText(System.Text.Json.JsonSerializer.Serialize(original));

        Assert.Equal(original.PrivateDnsZones.Single().Records.Select(r => r.ToString()), copy.PrivateDnsZones.Single().Records.Select(r => r.ToString()));
        Assert.Equal(original.PrivateDnsZones.Single().VirtualNetworkLinks.Single().VirtualNetworkId, copy.PrivateDnsZones.Single().VirtualNetworkLinks.Single().VirtualNetworkId);
        Assert.Equal(original.PrivateEndpoints.Single().DnsZoneGroupRecords.Select(r => r.ToString()), copy.PrivateEndpoints.Single().DnsZoneGroupRecords.Select(r => r.ToString()));
        Assert.Equal("privatelink.azurecr.io", copy.PrivateEndpoints.Single().DnsZoneGroupRecords[0].ZoneName);
        Assert.Equal(original.ProviderRegistrations.Single().ToString(), copy.ProviderRegistrations.Single().ToString());
        UnreadResource unread = Assert.Single(copy.UnreadResources);
        Assert.Equal((FakeArm.NicId, 403, "AuthorizationFailed"), (unread.ResourceId, unread.StatusCode, unread.ErrorCode));
    }

    private sealed class UnavailableCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("No credential in this test.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("No credential in this test.");
    }
}
