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
}
