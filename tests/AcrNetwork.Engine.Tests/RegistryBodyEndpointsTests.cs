using System.Text.Json.Nodes;

namespace AcrNetwork.Tests;

/// <summary>
/// Every registry body the tests hold, in every shape (ARM examples, derived variants, CLI and Az PowerShell output,
/// Resource Graph rows, this module's export), yields the endpoints its body lists: the login server, the data
/// endpoints and the regional endpoints, in Get-AcrEndpoint's catalogue and among the hosts the probes test.
/// </summary>
public class RegistryBodyEndpointsTests
{
    public static TheoryData<string, int> RegistryBodies()
    {
        var data = new TheoryData<string, int>();
        string root = TestData.PathOf("");
        foreach (string path in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            int count = Bodies(JsonNode.Parse(File.ReadAllText(path))).Count();
            for (int i = 0; i < count; i++)
            {
                data.Add(Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), i);
            }
        }

        return data;
    }

    [Fact]
    public void EveryShapeIsAmongTheBodies()
    {
        var files = RegistryBodies().Select(row => (string)row[0]).Distinct().ToList();

        Assert.Contains("azure-rest-api-specs/containerregistry/2025-04-01/RegistryGet.json", files);
        Assert.Contains("azure-rest-api-specs/containerregistry/2026-01-01-preview/RegistryGet.json", files);
        Assert.Contains("derived/registry-regional-dual-stack.json", files);
        Assert.Contains("derived/acrnetwork-export.json", files);
        Assert.Contains("derived/arm/graph-page1.json", files);
        Assert.DoesNotContain("derived/not-a-registry.json", files);
    }

    [Theory]
    [MemberData(nameof(RegistryBodies))]
    public void YieldsTheEndpointsItsBodyLists(string file, int index)
    {
        JsonNode body = Bodies(JsonNode.Parse(File.ReadAllText(TestData.PathOf(file)))).ElementAt(index);
        JsonNode properties = Field(body, "properties") ?? body;
        string loginServer = ((string)Field(properties, "loginServer")!).ToLowerInvariant();
        List<string> dataHosts = Hosts(Field(properties, "dataEndpointHostNames") ?? Field(properties, "dataEndpoints"));
        List<string> regionalHosts = Hosts(Field(properties, "regionalEndpointHostNames"));

        RegistryNetworkConfig registry = Assert.Single(RegistryConfigParser.Parse(body.DeepClone(), file, AzureCloudEnvironment.AzureCloud));
        IReadOnlyList<RequiredEndpoint> catalogue = RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureCloud);
        IReadOnlyList<ProbeTarget> probed = ProbeTargets.For(registry, AzureCloudEnvironment.AzureCloud);

        Assert.Equal(loginServer, Assert.Single(catalogue, e => e.Purpose == EndpointPurpose.Rest).Host);
        Assert.Equal(loginServer, Assert.Single(probed, t => t.Role == EndpointPurpose.Rest).Fqdn);
        Assert.Subset(catalogue.Where(e => e.Purpose == EndpointPurpose.Data).Select(e => e.Host).ToHashSet(), dataHosts.ToHashSet());
        Assert.Subset(probed.Where(t => t.Role == EndpointPurpose.Data).Select(t => t.Fqdn).ToHashSet(), dataHosts.ToHashSet());
        Assert.Equal(regionalHosts.Order(), catalogue.Where(e => e.Purpose == EndpointPurpose.Regional).Select(e => e.Host).Order());
        Assert.Equal(regionalHosts.Order(), probed.Where(t => t.Role == EndpointPurpose.Regional).Select(t => t.Fqdn).Order());
    }

    [Fact]
    public void TheRegionalDualStackBodyIsReadWhole()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("registry-regional-dual-stack.json"));

        Assert.Equal("myRegistry", registry.Name);
        Assert.True(registry.RegionalEndpointsEnabled);
        Assert.Equal(EndpointProtocol.IPv4AndIPv6, registry.EndpointProtocol);
        Assert.False(registry.TasksBypassAllowed);
        Assert.Equal(
            ["myregistry-e4gbg3a2fkbsbqdc.azurecr.io Rest AzureContainerRegistry",
             "myregistry-e4gbg3a2fkbsbqdc.westus.geo.azurecr.io Regional AzureContainerRegistry.westus",
             "myregistry-e4gbg3a2fkbsbqdc.eastus.geo.azurecr.io Regional AzureContainerRegistry.eastus",
             "myregistry-e4gbg3a2fkbsbqdc.westus.data.azurecr.io Data AzureContainerRegistry.westus",
             "myregistry-e4gbg3a2fkbsbqdc.eastus.data.azurecr.io Data AzureContainerRegistry.eastus"],
            RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureCloud).Select(e => $"{e.Host} {e.Purpose} {e.ServiceTag}"));
    }

    [Fact]
    public void ThePreviewBodyHasRegionalEndpointsOffAndTasksNotAllowed()
    {
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.PathOf("azure-rest-api-specs/containerregistry/2026-01-01-preview/RegistryGet.json"));

        Assert.False(registry.RegionalEndpointsEnabled);
        Assert.Empty(registry.RegionalEndpoints);
        Assert.Equal(EndpointProtocol.IPv4, registry.EndpointProtocol);
        Assert.False(registry.TasksBypassAllowed);
        Assert.DoesNotContain(RequiredEndpointCatalog.For(registry, AzureCloudEnvironment.AzureCloud), e => e.Purpose == EndpointPurpose.Regional);
    }

    [Fact]
    public void TheEarlierPreviewsBooleansAreRead()
    {
        RegistryNetworkConfig registry = TestData.ParseText("""
            { "name": "myRegistry", "location": "westus", "properties": { "loginServer": "myregistry.azurecr.io",
              "regionalEndpointEnabled": true, "dualStackEndpointsEnabled": true } }
            """);

        Assert.True(registry.RegionalEndpointsEnabled);
        Assert.Equal(EndpointProtocol.IPv4AndIPv6, registry.EndpointProtocol);
        Assert.Equal(["myregistry.westus.geo.azurecr.io"], RequiredEndpointCatalog.RegionalEndpoints(registry, AzureCloudEnvironment.AzureCloud).Select(e => e.HostName));
    }

    [Fact]
    public void RegionalEndpointsAreCompletedForReplicasInTheRegistrysCloud()
    {
        var registry = new RegistryNetworkConfig
        {
            Name = "govreg01",
            LoginServer = "govreg01.azurecr.us",
            Location = "usgovvirginia",
            RegionalEndpointsEnabled = true,
            Replications = [new RegistryReplication { Name = "r", Region = "usgovarizona" }],
        };

        Assert.Equal(
            ["govreg01.usgovvirginia.geo.azurecr.us", "govreg01.usgovarizona.geo.azurecr.us"],
            RequiredEndpointCatalog.RegionalEndpoints(registry, AzureCloudEnvironment.AzureUSGovernment).Select(e => e.HostName));
    }

    /// <summary>Registry objects anywhere in a file: an ARM body (login server under properties) or a flattened one.</summary>
    private static IEnumerable<JsonNode> Bodies(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (Field(Field(obj, "properties"), "loginServer") is not null || Field(obj, "loginServer") is not null)
            {
                yield return obj;
                yield break;
            }

            foreach (KeyValuePair<string, JsonNode?> property in obj)
            {
                foreach (JsonNode body in Bodies(property.Value))
                {
                    yield return body;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode body in array.SelectMany(Bodies))
            {
                yield return body;
            }
        }
    }

    private static JsonNode? Field(JsonNode? node, string name) =>
        node is JsonObject obj ? obj.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value : null;

    private static List<string> Hosts(JsonNode? list) =>
        list is JsonArray array
            ? array.Select(item => item is JsonValue ? (string?)item : (string?)Field(item, "hostName")).OfType<string>().Select(h => h.ToLowerInvariant()).ToList()
            : [];
}
