namespace AcrNetwork.Tests;

public class RegistryNamesTests
{
    [Theory]
    [InlineData("myreg", true)]
    [InlineData("MyRegistry01", true)]
    [InlineData("abcd", false)]
    [InlineData("my-registry", false)]
    [InlineData("my_registry", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ValidatesNames(string? name, bool valid) => Assert.Equal(valid, RegistryNames.IsValidName(name));

    [Fact]
    public void FiftyCharactersIsTheLongestName()
    {
        Assert.True(RegistryNames.IsValidName(new string('a', 50)));
        Assert.False(RegistryNames.IsValidName(new string('a', 51)));
    }

    [Theory]
    [InlineData("myreg.azurecr.io", "Use -LoginServer myreg.azurecr.io or -Name myreg.")]
    [InlineData("https://MyReg.azurecr.io/v2/", "Use -LoginServer myreg.azurecr.io or -Name myreg.")]
    [InlineData("a.b.example", "Use -LoginServer a.b.example.")]
    public void ExplainsALoginServerGivenAsAName(string input, string hint)
    {
        string? explanation = RegistryNames.ExplainInvalidName(input);
        Assert.NotNull(explanation);
        Assert.Contains("is a login server or URL, not a registry name", explanation);
        Assert.EndsWith(hint, explanation);
    }

    [Fact]
    public void ExplainsTheNameRule() =>
        Assert.Equal("'my-reg' is not a valid registry name: a registry name has 5 to 50 letters and digits only.", RegistryNames.ExplainInvalidName("my-reg"));

    [Fact]
    public void DerivesHostNames()
    {
        Assert.Equal("myreg.azurecr.io", RegistryNames.LoginServer("MyReg", AzureCloudEnvironment.AzureCloud));
        Assert.Equal("myreg.westeurope.data.azurecr.io", RegistryNames.DataEndpoint("MyReg", "WestEurope", AzureCloudEnvironment.AzureCloud));
        Assert.Equal("westeurope", RegistryNames.RegionOfDataEndpoint("myreg.westeurope.data.azurecr.io"));
        Assert.Null(RegistryNames.RegionOfDataEndpoint("myreg.azurecr.io"));
    }
    [Theory]
    [InlineData("myreg.azurecr.io", "myreg")]
    [InlineData("myreg-e4gbg3a2fkbsbqdc.azurecr.io", "myreg")]
    [InlineData("MyReg-abc.azurecr.us", "myreg")]
    [InlineData("myreg-.azurecr.io", null)]
    [InlineData("my_reg.azurecr.io", null)]
    public void ReadsTheNameOfALoginServerWithOrWithoutAHashSuffix(string host, string? name) =>
        Assert.Equal(name, RegistryNames.NameOfLoginServer(host)?.ToLowerInvariant());

    [Theory]
    [InlineData("myreg.privatelink.azurecr.io", "AzureCloud", "myreg.azurecr.io")]
    [InlineData("myreg-abc123.privatelink.azurecr.io", "AzureCloud", "myreg-abc123.azurecr.io")]
    [InlineData("myreg.eastus.geo.azurecr.io", "AzureCloud", "myreg.azurecr.io")]
    [InlineData("myreg.privatelink.azurecr.cn", "AzureCloud", "myreg.azurecr.cn")]
    [InlineData("myreg.usgovvirginia.geo.azurecr.us", "AzureUSGovernment", "myreg.azurecr.us")]
    [InlineData("myreg.azurecr.io", "AzureCloud", null)]
    [InlineData("myreg.westus.data.azurecr.io", "AzureCloud", null)]
    [InlineData("myreg.westus.data.privatelink.azurecr.io", "AzureCloud", null)]
    [InlineData("myreg.privatelink.example.com", "AzureCloud", null)]
    public void NamesTheLoginServerToUseInsteadOfAPrivateLinkOrRegionalHost(string host, string cloud, string? loginServer)
    {
        Assert.True(AzureCloudEnvironment.TryGetKnown(cloud, out AzureCloudEnvironment environment));
        Assert.Equal(loginServer, RegistryNames.LoginServerInsteadOf(host, environment));
    }

    [Fact]
    public void KnowsTheLoginServerInsteadInACustomCloud()
    {
        var lab = new AzureCloudEnvironment("Lab", "https://management.example/", "azurecr.test", "https://login.example/", "core.example");

        Assert.Equal("contoso.azurecr.test", RegistryNames.LoginServerInsteadOf("contoso.privatelink.azurecr.test", lab));
    }

    [Fact]
    public void DerivesRegionalEndpoints()
    {
        Assert.Equal("myreg-abc.westeurope.geo.azurecr.io", RegistryNames.RegionalEndpoint("MyReg-abc", "WestEurope", AzureCloudEnvironment.AzureCloud));
        Assert.Equal("westeurope", RegistryNames.RegionOfRegionalEndpoint("myreg.westeurope.geo.azurecr.io"));
        Assert.Null(RegistryNames.RegionOfRegionalEndpoint("myreg.westeurope.data.azurecr.io"));
    }
}
