namespace AcrNetwork.Tests;

public class AzureCloudEnvironmentTests
{
    [Theory]
    [InlineData("AzureCloud", "azurecr.io", "https://management.azure.com/", "privatelink.azurecr.io")]
    [InlineData("azurechinacloud", "azurecr.cn", "https://management.chinacloudapi.cn/", "privatelink.azurecr.cn")]
    [InlineData("AzureUSGovernment", "azurecr.us", "https://management.usgovcloudapi.net/", "privatelink.azurecr.us")]
    public void KnowsThePublicClouds(string name, string suffix, string resourceManager, string privateLinkZone)
    {
        Assert.True(AzureCloudEnvironment.TryGetKnown(name, out AzureCloudEnvironment cloud));
        Assert.Equal(suffix, cloud.ContainerRegistryEndpointSuffix);
        Assert.Equal(resourceManager, cloud.ResourceManagerUrl.AbsoluteUri);
        Assert.Equal(privateLinkZone, cloud.PrivateLinkZone);
        Assert.Equal($"r.westus.data.{privateLinkZone}", ProbeTargets.PrivateLinkName($"r.westus.data.{suffix}", cloud));
    }

    [Fact]
    public void NormalizesACustomCloud()
    {
        var cloud = new AzureCloudEnvironment("Lab", "https://management.lab.test", ".AzureCR.Test.", "https://login.lab.test", "core.lab.test");

        Assert.Equal("https://management.lab.test/", cloud.ResourceManagerUrl.AbsoluteUri);
        Assert.Equal("azurecr.test", cloud.ContainerRegistryEndpointSuffix);
        Assert.Equal("privatelink.azurecr.test", cloud.PrivateLinkZone);
    }

    [Theory]
    [InlineData("http://management.lab.test/", "azurecr.test")]
    [InlineData("not a url", "azurecr.test")]
    [InlineData("https://management.lab.test/", "has space")]
    [InlineData("https://management.lab.test/", "")]
    public void RefusesBadEndpoints(string resourceManager, string suffix) =>
        Assert.Throws<ArgumentException>(() => new AzureCloudEnvironment("Bad", resourceManager, suffix, "https://login.lab.test/", "core.lab.test"));

    [Fact]
    public void RecognisesTheCloudOfARegistryHost()
    {
        Assert.Same(AzureCloudEnvironment.AzureUSGovernment, AzureCloudEnvironment.FromRegistryHost("myreg.azurecr.us"));
        Assert.Null(AzureCloudEnvironment.FromRegistryHost("myreg.azurecr.test"));
    }
}
