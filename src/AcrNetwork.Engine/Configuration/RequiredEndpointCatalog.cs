namespace AcrNetwork;

/// <summary>
/// The hosts a client firewall must allow for a registry: the REST endpoint, then per region the
/// dedicated data endpoint or, without dedicated data endpoints, the storage hosts layers come from.
/// </summary>
internal static class RequiredEndpointCatalog
{
    public const string RegistryServiceTag = "AzureContainerRegistry";
    public const string StorageServiceTag = "Storage";

    public static IReadOnlyList<RequiredEndpoint> For(RegistryNetworkConfig registry, AzureCloudEnvironment environment)
    {
        IReadOnlyList<string> regions = registry.Regions;
        List<RequiredEndpoint> endpoints =
        [
            Endpoint(registry.LoginServer.ToLowerInvariant(), EndpointPurpose.Rest, registry.Location, RegistryServiceTag, "Registry REST API: login, token exchange, manifests"),
            .. RegionalEndpoints(registry, environment).Select(endpoint => Endpoint(
                endpoint.HostName, EndpointPurpose.Regional, endpoint.Region, RegionalTag(RegistryServiceTag, endpoint.Region),
                $"Regional endpoint: the registry API served from {endpoint.Region} only")),
        ];

        if (registry.DataEndpointEnabled)
        {
            endpoints.AddRange(DataEndpoints(registry, regions, environment).Select(endpoint => Endpoint(
                endpoint.HostName, EndpointPurpose.Data, endpoint.Region, RegionalTag(RegistryServiceTag, endpoint.Region),
                $"Dedicated data endpoint: image layers served in {endpoint.Region}")));
        }
        else
        {
            // Without dedicated data endpoints, layers come from storage accounts whose names are not
            // published, so only the wildcard can be allowed.
            IEnumerable<string?> storageRegions = regions.Count > 0 ? regions.Cast<string?>() : [null];
            endpoints.AddRange(storageRegions.Select(region => Endpoint(
                "*.blob." + environment.StorageEndpointSuffix, EndpointPurpose.Storage, region,
                region is null ? StorageServiceTag : RegionalTag(StorageServiceTag, region),
                "Blob storage that serves image layers (dedicated data endpoints are off)")));
        }

        return endpoints;

        RequiredEndpoint Endpoint(string host, EndpointPurpose purpose, string? region, string serviceTag, string description) => new()
        {
            Registry = registry.Name,
            Host = host,
            Purpose = purpose,
            Region = region,
            ServiceTag = serviceTag,
            Description = description,
        };
    }

    /// <summary>The registry's data endpoints: as ARM lists them, completed for every region it serves.</summary>
    public static IReadOnlyList<DataEndpoint> DataEndpoints(RegistryNetworkConfig registry, IEnumerable<string> regions, AzureCloudEnvironment environment) =>
        CompletedForRegions(registry.DataEndpoints, regions, e => e.Region, region => new DataEndpoint
        {
            Region = region,
            HostName = RegistryNames.DataEndpoint(RegistryNames.HostLabel(registry.LoginServer), region, environment),
        });

    /// <summary>
    /// The registry's regional endpoints when they are on: as ARM lists them, completed for every region it serves
    /// (a replica added later gets its own).
    /// </summary>
    public static IReadOnlyList<RegionalEndpoint> RegionalEndpoints(RegistryNetworkConfig registry, AzureCloudEnvironment environment) =>
        CompletedForRegions(registry.RegionalEndpoints, registry.RegionalEndpointsEnabled ? registry.Regions : [], e => e.Region, region => new RegionalEndpoint
        {
            Region = region,
            HostName = RegistryNames.RegionalEndpoint(RegistryNames.HostLabel(registry.LoginServer), region, environment),
        });

    /// <summary>The hosts ARM lists, and one derived for every region it does not list a host for.</summary>
    private static IReadOnlyList<T> CompletedForRegions<T>(IEnumerable<T> listed, IEnumerable<string> regions, Func<T, string> regionOf, Func<string, T> derive)
    {
        var endpoints = listed.ToList();
        foreach (string region in regions)
        {
            if (!endpoints.Any(e => regionOf(e).Equals(region, StringComparison.OrdinalIgnoreCase)))
            {
                endpoints.Add(derive(region));
            }
        }

        return endpoints;
    }

    private static string RegionalTag(string tag, string region) => $"{tag}.{region}";
}
