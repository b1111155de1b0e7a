using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure.Core;

namespace AcrNetwork;

/// <summary>
/// Reads a registry's network configuration from ARM: the registry and its replications, then, all
/// at once, every private endpoint (its NIC's addresses per FQDN and its DNS zone group), the private
/// DNS zones those write to (this registry's records and the zones' VNet links), and the
/// Microsoft.ContainerRegistry registration of each subscription that holds a VNet rule's subnet.
/// A part that cannot be read (403, gone, a bad answer) is listed in UnreadResources and the rest is
/// returned; only the registry itself failing is an error.
/// </summary>
internal sealed class ArmRegistryReader(ArmConnection arm)
{
    private const string ProviderNamespace = "Microsoft.ContainerRegistry";

    // The replications of each registry come back in the same page as the registry: one query per page.
    private const string AllRegistriesQuery = """
        resources
        | where type =~ 'microsoft.containerregistry/registries'
        | extend registryId = tolower(id)
        | join kind=leftouter (
            resources
            | where type =~ 'microsoft.containerregistry/registries/replications'
            | extend registryId = tostring(split(tolower(id), '/replications/')[0])
            | summarize replications = make_list(pack('name', name, 'location', location, 'properties', properties)) by registryId
        ) on registryId
        | project id, name, type, location, sku, properties, replications
        | order by id asc
        """;

    // The ARM endpoints (clouds) that refused the preview api-version: this session reads the stable one there.
    private static readonly ConcurrentDictionary<string, bool> PreviewRefused = new(StringComparer.OrdinalIgnoreCase);

    // Private DNS zones and provider registrations are shared between registries: each is read once per reader.
    private readonly ConcurrentDictionary<string, Lazy<Task<ZoneRead>>> zones = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<ProviderRead>>> providers = new(StringComparer.OrdinalIgnoreCase);

    public ArmConnection Connection => arm;

    public static string RegistryResourceId(string subscriptionId, string resourceGroupName, string name) =>
        $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{RegistryConfigParser.RegistryResourceType}/{name}";

    /// <summary>
    /// The registry's resource ID: built when the resource group and subscription are known, otherwise
    /// looked up in Resource Graph. A registry nobody can see is <see cref="ArmFailure.NotFound"/>.
    /// </summary>
    public async Task<string> ResolveRegistryIdAsync(string name, string? resourceGroupName, string? subscriptionId, CancellationToken cancellationToken)
    {
        if (resourceGroupName is not null && subscriptionId is not null)
        {
            return RegistryResourceId(subscriptionId, resourceGroupName, name);
        }

        // Names are validated (letters and digits, resource group name characters) before they get here.
        string query = $"resources | where type =~ '{RegistryConfigParser.RegistryResourceType}' and name =~ '{name}'"
            + (resourceGroupName is null ? "" : $" and resourceGroup =~ '{resourceGroupName}'")
            + " | project id";
        await foreach (IReadOnlyList<JsonNode> page in ResourceGraph.QueryPagesAsync(arm, query, subscriptionId, cancellationToken).ConfigureAwait(false))
        {
            string? id = page.Select(row => JsonFields.String(JsonFields.Find(row, "id"))).FirstOrDefault(id => !string.IsNullOrEmpty(id));
            if (id is not null)
            {
                return id;
            }
        }

        string scope = (resourceGroupName, subscriptionId) switch
        {
            (null, null) => "any subscription this identity can read",
            (null, _) => $"subscription {subscriptionId}",
            (_, null) => $"a resource group named '{resourceGroupName}'",
            _ => "",
        };
        throw new ArmReadException(ArmFailure.NotFound, name, $"No registry named '{name}' was found in {scope}.");
    }

    public async Task<RegistryNetworkConfig> GetAsync(string registryId, CancellationToken cancellationToken)
    {
        var unread = new ConcurrentQueue<UnreadResource>();
        Task<IReadOnlyList<JsonNode>?> replications = ReadListAsync(arm, registryId + "/replications", ArmApiVersions.Replication, "registry replications", unread, cancellationToken);
        JsonNode registry = await GetRegistryAsync(registryId, cancellationToken).ConfigureAwait(false);
        if (registry is JsonObject registryObject && await replications.ConfigureAwait(false) is { } items)
        {
            registryObject["replications"] = new JsonArray([.. items]);
        }

        return await EnrichAsync(ParseRegistry(registry, registryId), unread, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The registry at the preview api-version, which alone has its regional endpoints, endpointProtocol and Tasks bypass;
    /// at the stable one once a cloud has answered that it lacks the preview (400), for the rest of the session.
    /// </summary>
    private async Task<JsonNode> GetRegistryAsync(string registryId, CancellationToken cancellationToken)
    {
        string cloud = arm.Environment.ResourceManagerUrl.AbsoluteUri;
        if (!PreviewRefused.ContainsKey(cloud))
        {
            try
            {
                return await arm.GetAsync(registryId, ArmApiVersions.ContainerRegistryPreview, cancellationToken).ConfigureAwait(false);
            }
            catch (ArmReadException ex) when (ex.StatusCode == 400 && ex.ErrorCode is "InvalidApiVersionParameter" or "NoRegisteredProviderFound")
            {
                PreviewRefused[cloud] = true;
            }
        }

        return await arm.GetAsync(registryId, ArmApiVersions.Registry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registry the identity can see (in one subscription, when given), a Resource Graph page at a time.</summary>
    public async IAsyncEnumerable<RegistryNetworkConfig> GetAllAsync(string? subscriptionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (IReadOnlyList<JsonNode> page in ResourceGraph.QueryPagesAsync(arm, AllRegistriesQuery, subscriptionId, cancellationToken).ConfigureAwait(false))
        {
            RegistryNetworkConfig[] registries = await Task.WhenAll(page.Select(row =>
                EnrichAsync(ParseRegistry(row, JsonFields.String(JsonFields.Find(row, "id")) ?? "Azure Resource Graph"), new ConcurrentQueue<UnreadResource>(), cancellationToken)))
                .ConfigureAwait(false);
            foreach (RegistryNetworkConfig registry in registries)
            {
                yield return registry;
            }
        }
    }

    /// <summary>
    /// Every registry the identity can see as Resource Graph holds it (name, login server, regions,
    /// network settings), without reading private endpoints or DNS zones: one request per page.
    /// </summary>
    public async IAsyncEnumerable<RegistryNetworkConfig> ListAsync(string? subscriptionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (IReadOnlyList<JsonNode> page in ResourceGraph.QueryPagesAsync(arm, AllRegistriesQuery, subscriptionId, cancellationToken).ConfigureAwait(false))
        {
            foreach (JsonNode row in page)
            {
                yield return ParseRegistry(row, JsonFields.String(JsonFields.Find(row, "id")) ?? "Azure Resource Graph");
            }
        }
    }

    private RegistryNetworkConfig ParseRegistry(JsonNode registry, string source)
    {
        try
        {
            IReadOnlyList<RegistryNetworkConfig> parsed = RegistryConfigParser.Parse(registry, source, arm.Environment, fromArm: true);
            return parsed.Count == 1
                ? parsed[0]
                : throw new ArmReadException(ArmFailure.InvalidResponse, source, $"ARM answered {source} with {parsed.Count} registries instead of one.");
        }
        catch (RegistryConfigFormatException ex)
        {
            throw new ArmReadException(ArmFailure.InvalidResponse, source, $"ARM's answer for {source} is not a registry: {ex.Message}", inner: ex);
        }
    }

    private async Task<RegistryNetworkConfig> EnrichAsync(RegistryNetworkConfig registry, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        Task<ResourceProviderRegistration?>[] registrations = registry.VirtualNetworkRules
            .Select(rule => AzureResourceId.Parse(rule.SubnetId).SubscriptionId)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(subscription => ReadProviderRegistrationAsync(subscription, unread, cancellationToken))
            .ToArray();
        EndpointRead[] endpoints = await Task.WhenAll(registry.PrivateEndpoints.Select(endpoint => ReadPrivateEndpointAsync(endpoint, unread, cancellationToken))).ConfigureAwait(false);
        PrivateDnsZone?[] privateDnsZones = await Task.WhenAll(endpoints
            .SelectMany(endpoint => endpoint.ZoneIds)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(zoneId => ReadZoneAsync(zoneId, registry.Name, unread, cancellationToken)))
            .ConfigureAwait(false);

        return registry with
        {
            PrivateEndpoints = endpoints.Select(endpoint => endpoint.Endpoint).ToList(),
            PrivateDnsZones = privateDnsZones.OfType<PrivateDnsZone>().ToList(),
            ProviderRegistrations = (await Task.WhenAll(registrations).ConfigureAwait(false)).OfType<ResourceProviderRegistration>().ToList(),
            UnreadResources = [.. unread],
        };
    }

    private async Task<EndpointRead> ReadPrivateEndpointAsync(RegistryPrivateEndpoint endpoint, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<JsonNode>?> zoneGroups = ReadListAsync(arm, endpoint.ResourceId + "/privateDnsZoneGroups", ArmApiVersions.PrivateDnsZoneGroup, "private endpoint DNS zone groups", unread, cancellationToken);
        JsonNode? resource = await ReadAsync(arm, endpoint.ResourceId, ArmApiVersions.PrivateEndpoint, "private endpoint", unread, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<PrivateEndpointAddress> addresses = endpoint.Addresses;
        string? subnetId = endpoint.SubnetId;
        if (resource is not null)
        {
            PrivateNetworkParser.PrivateEndpointDetails details = PrivateNetworkParser.ParsePrivateEndpoint(resource);
            subnetId = details.SubnetId ?? subnetId;
            JsonNode?[] interfaces = await Task.WhenAll(details.NetworkInterfaceIds.Select(id =>
                ReadAsync(arm, id, ArmApiVersions.NetworkInterface, "private endpoint network interface", unread, cancellationToken))).ConfigureAwait(false);
            var interfaceAddresses = interfaces.OfType<JsonNode>().SelectMany(PrivateNetworkParser.ParseNetworkInterfaceAddresses).ToList();

            // The NIC is the ground truth; the endpoint's customDnsConfigs say the same when the NIC cannot be read.
            addresses = interfaceAddresses.Count > 0 ? interfaceAddresses : details.CustomDnsAddresses;
        }

        (IReadOnlyList<PrivateDnsRecord> records, IReadOnlyList<string> zoneIds) =
            await zoneGroups.ConfigureAwait(false) is { } groups ? PrivateNetworkParser.ParseDnsZoneGroups(groups) : ([], []);
        return new EndpointRead(endpoint with { SubnetId = subnetId, Addresses = addresses, DnsZoneGroupRecords = records }, zoneIds);
    }

    private async Task<PrivateDnsZone?> ReadZoneAsync(string zoneId, string registryName, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        ZoneRead zone = await zones.GetOrAdd(zoneId, id => new Lazy<Task<ZoneRead>>(() => ReadZoneOnceAsync(id, cancellationToken))).Value.ConfigureAwait(false);
        foreach (UnreadResource failure in zone.Unread)
        {
            unread.Enqueue(failure);
        }

        if (zone.Records is null && zone.Links is null)
        {
            return null;
        }

        // A shared zone holds other registries' records too: keep <name> and <name>.<region>.data.
        return new PrivateDnsZone
        {
            Name = zone.Name,
            ResourceId = zoneId,
            Records = (zone.Records ?? [])
                .Where(record => record.Name.Equals(registryName, StringComparison.OrdinalIgnoreCase)
                    || record.Name.StartsWith(registryName + ".", StringComparison.OrdinalIgnoreCase))
                .ToList(),
            VirtualNetworkLinks = zone.Links ?? [],
        };
    }

    private async Task<ZoneRead> ReadZoneOnceAsync(string zoneId, CancellationToken cancellationToken)
    {
        var unread = new ConcurrentQueue<UnreadResource>();
        string zoneName = AzureResourceId.Parse(zoneId).Name ?? zoneId;
        Task<IReadOnlyList<JsonNode>?> records = ReadListAsync(arm, zoneId + "/A", ArmApiVersions.PrivateDnsARecordSet, "private DNS zone records", unread, cancellationToken);
        Task<IReadOnlyList<JsonNode>?> links = ReadListAsync(arm, zoneId + "/virtualNetworkLinks", ArmApiVersions.PrivateDnsZoneLink, "private DNS zone virtual network links", unread, cancellationToken);
        return new ZoneRead(
            zoneName.ToLowerInvariant(),
            (await records.ConfigureAwait(false))?.Select(record => PrivateNetworkParser.ParseRecord(record, zoneName)).OfType<PrivateDnsRecord>().ToList(),
            (await links.ConfigureAwait(false))?.Select(PrivateNetworkParser.ParseVirtualNetworkLink).OfType<PrivateDnsZoneLink>().ToList(),
            [.. unread]);
    }

    private async Task<ResourceProviderRegistration?> ReadProviderRegistrationAsync(string subscriptionId, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        ProviderRead provider = await providers.GetOrAdd(subscriptionId, id => new Lazy<Task<ProviderRead>>(async () =>
        {
            var failures = new ConcurrentQueue<UnreadResource>();
            JsonNode? resource = await ReadAsync(arm, $"/subscriptions/{id}/providers/{ProviderNamespace}", ArmApiVersions.ResourceProvider, "resource provider registration", failures, cancellationToken).ConfigureAwait(false);
            return new ProviderRead(resource is null ? null : PrivateNetworkParser.ParseProviderRegistration(resource, id), [.. failures]);
        })).Value.ConfigureAwait(false);

        foreach (UnreadResource failure in provider.Unread)
        {
            unread.Enqueue(failure);
        }

        return provider.Registration;
    }

    internal static async Task<JsonNode?> ReadAsync(ArmConnection arm, string resourceId, ResourceType type, string role, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        try
        {
            return await arm.GetAsync(resourceId, type, cancellationToken).ConfigureAwait(false);
        }
        catch (ArmReadException ex)
        {
            unread.Enqueue(Unread(role, ex));
            return null;
        }
    }

    internal static async Task<IReadOnlyList<JsonNode>?> ReadListAsync(ArmConnection arm, string collectionId, ResourceType itemType, string role, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        try
        {
            await foreach (JsonNode item in arm.ListAsync(collectionId, itemType, cancellationToken).ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }
        catch (ArmReadException ex)
        {
            unread.Enqueue(Unread(role, ex));
            return null;
        }
    }

    internal static UnreadResource Unread(string role, ArmReadException ex) => new()
    {
        ResourceId = ex.ResourceId,
        Role = role,
        StatusCode = ex.StatusCode,
        ErrorCode = ex.ErrorCode,
        Message = ex.Message,
    };

    private sealed record EndpointRead(RegistryPrivateEndpoint Endpoint, IReadOnlyList<string> ZoneIds);

    private sealed record ZoneRead(string Name, IReadOnlyList<PrivateDnsRecord>? Records, IReadOnlyList<PrivateDnsZoneLink>? Links, IReadOnlyList<UnreadResource> Unread);

    private sealed record ProviderRead(ResourceProviderRegistration? Registration, IReadOnlyList<UnreadResource> Unread);
}
