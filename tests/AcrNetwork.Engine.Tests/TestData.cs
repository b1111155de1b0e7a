namespace AcrNetwork.Tests;

internal static class TestData
{
    public static string PathOf(string relativePath) =>
        Path.Combine(AppContext.BaseDirectory, "data", relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Upstream(string fileName) => PathOf($"azure-rest-api-specs/containerregistry/2025-04-01/{fileName}");

    public static string Derived(string fileName) => PathOf($"derived/{fileName}");

    public static IReadOnlyList<RegistryNetworkConfig> ParseFile(string path, AzureCloudEnvironment? environment = null) =>
        RegistryConfigParser.Parse(
            RegistryConfigParser.ParseJson(File.ReadAllText(path), path), path, environment ?? AzureCloudEnvironment.AzureCloud);

    public static RegistryNetworkConfig ParseSingle(string path) => Assert.Single(ParseFile(path));

    public static RegistryNetworkConfig ParseText(string json) =>
        Assert.Single(RegistryConfigParser.Parse(RegistryConfigParser.ParseJson(json, "test"), "test", AzureCloudEnvironment.AzureCloud));
}
