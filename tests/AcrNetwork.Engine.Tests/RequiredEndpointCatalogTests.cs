namespace AcrNetwork.Tests;

public class RequiredEndpointCatalogTests
{
    [Fact]
    public void WithoutDataEndpointsListsRestAndStoragePerRegion()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Upstream("RegistryGet.json"));

        IReadOnlyList<RequiredEndpoint> endpoints = RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureCloud);

        Assert.Collection(
            endpoints,
            e =>
            {
                Assert.Equal(("myregistry.azurecr.io", 443, EndpointPurpose.Rest, "AzureContainerRegistry"), (e.Host, e.Port, e.Purpose, e.ServiceTag));
                Assert.Equal("westus", e.Region);
            },
            e => Assert.Equal(("*.blob.core.windows.net", EndpointPurpose.Storage, "westus", "Storage.westus"), (e.Host, e.Purpose, e.Region, e.ServiceTag)));
    }

    [Fact]
    public void WithDataEndpointsListsOnePerRegionIncludingReplicas()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("acrnetwork-export.json"));

        IReadOnlyList<RequiredEndpoint> endpoints = RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureCloud);

        Assert.Equal(
            ["myregistry.azurecr.io Rest", "myregistry.westus.data.azurecr.io Data", "myregistry.eastus.data.azurecr.io Data"],
            endpoints.Select(e => $"{e.Host} {e.Purpose}"));
        Assert.Equal(["AzureContainerRegistry", "AzureContainerRegistry.westus", "AzureContainerRegistry.eastus"], endpoints.Select(e => e.ServiceTag));
        Assert.DoesNotContain(endpoints, e => e.Purpose == EndpointPurpose.Storage);
    }

    [Fact]
    public void AddsDataEndpointsForReplicasThatArmDidNotList()
    {
        var registry = new RegistryNetworkConfig
        {
            Name = "MyGeo",
            LoginServer = "mygeo.azurecr.cn",
            Location = "chinanorth3",
            DataEndpointEnabled = true,
            DataEndpoints = [new DataEndpoint { Region = "chinanorth3", HostName = "mygeo.chinanorth3.data.azurecr.cn" }],
            Replications = [new RegistryReplication { Name = "r", Region = "chinaeast2" }],
        };

        IReadOnlyList<DataEndpoint> dataEndpoints = RequiredEndpointCatalog.DataEndpoints(registry, registry.Regions, AzureCloudEnvironment.AzureChinaCloud);

        Assert.Equal(["mygeo.chinanorth3.data.azurecr.cn", "mygeo.chinaeast2.data.azurecr.cn"], dataEndpoints.Select(e => e.HostName));
    }

    [Fact]
    public void UsesTheCloudsStorageSuffix()
    {
        var registry = new RegistryNetworkConfig { Name = "govreg01", LoginServer = "govreg01.azurecr.us" };

        RequiredEndpoint storage = RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureUSGovernment)[1];

        Assert.Equal("*.blob.core.usgovcloudapi.net", storage.Host);
        Assert.Null(storage.Region);
        Assert.Equal("Storage", storage.ServiceTag);
    }
}
