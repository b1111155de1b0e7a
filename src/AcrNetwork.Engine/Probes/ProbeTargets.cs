using System.Net;

namespace AcrNetwork;

/// <summary>The hosts a client needs for a registry: the REST endpoint and one data endpoint per region.</summary>
internal static class ProbeTargets
{
    /// <summary>
    /// From a registry's configuration: the REST endpoint, its regional endpoints when they are on, and a data
    /// endpoint per region when dedicated data endpoints are on. Without them, the storage host is known only by following a pull.
    /// </summary>
    public static IReadOnlyList<ProbeTarget> For(RegistryNetworkConfig registry, AzureCloudEnvironment environment)
    {
        var targets = new List<ProbeTarget> { Create(registry, registry.LoginServer, EndpointPurpose.Rest, registry.Location, environment) };
        targets.AddRange(RequiredEndpointCatalog.RegionalEndpoints(registry, environment)
            .Select(e => Create(registry, e.HostName, EndpointPurpose.Regional, e.Region, environment)));
        if (registry.DataEndpointEnabled)
        {
            targets.AddRange(RequiredEndpointCatalog.DataEndpoints(registry, registry.Regions, environment)
                .Select(e => Create(registry, e.HostName, EndpointPurpose.Data, e.Region, environment)));
        }

        return targets;
    }

    private static ProbeTarget Create(RegistryNetworkConfig registry, string fqdn, EndpointPurpose role, string? region, AzureCloudEnvironment environment)
    {
        string host = fqdn.TrimEnd('.').ToLowerInvariant();
        bool hasPrivateEndpoint = registry.PrivateEndpoints.Count > 0;
        string? privateLinkFqdn = hasPrivateEndpoint ? PrivateLinkName(host, environment) : null;
        // A NIC's fqdns and custom DNS configs name the public name; the zone group's records, the private link one.
        string? expected = registry.PrivateEndpoints
            .SelectMany(e => e.Addresses)
            .FirstOrDefault(a => IPAddress.TryParse(a.IPAddress, out _) && (SameName(a.Fqdn, host) || (privateLinkFqdn is not null && SameName(a.Fqdn, privateLinkFqdn))))
            ?.IPAddress;

        return new ProbeTarget
        {
            Registry = registry.Name,
            LoginServer = registry.LoginServer.ToLowerInvariant(),
            Fqdn = host,
            Role = role,
            Region = region?.ToLowerInvariant(),
            HasPrivateEndpoint = hasPrivateEndpoint,
            ExpectedAddress = expected,
            PrivateLinkFqdn = privateLinkFqdn,
            PrivateDnsZoneRecord = privateLinkFqdn is null ? null : ZoneRecord(registry, privateLinkFqdn),
        };
    }

    /// <summary>The zone's addresses for the name, from the zones ARM gave and the endpoints' DNS zone groups; null when neither is known.</summary>
    private static IReadOnlyList<string>? ZoneRecord(RegistryNetworkConfig registry, string privateLinkFqdn)
    {
        List<PrivateDnsRecord> records = [.. registry.PrivateDnsZones.SelectMany(z => z.Records), .. registry.PrivateEndpoints.SelectMany(e => e.DnsZoneGroupRecords)];
        if (registry.PrivateDnsZones.Count == 0 && records.Count == 0)
        {
            return null;
        }

        return records.Where(r => SameName(r.Fqdn, privateLinkFqdn)).SelectMany(r => r.IPAddresses).Distinct().ToList();
    }

    /// <summary><c>r.azurecr.io</c> → <c>r.privatelink.azurecr.io</c>; <c>r.westus.data.azurecr.io</c> → <c>r.westus.data.privatelink.azurecr.io</c>.</summary>
    public static string? PrivateLinkName(string fqdn, AzureCloudEnvironment environment)
    {
        string? suffix = fqdn.EndsWith("." + environment.ContainerRegistryEndpointSuffix, StringComparison.OrdinalIgnoreCase)
            ? environment.ContainerRegistryEndpointSuffix
            : AzureCloudEnvironment.FromRegistryHost(fqdn)?.ContainerRegistryEndpointSuffix;
        if (suffix is null || fqdn.EndsWith(".privatelink." + suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"{fqdn[..^(suffix.Length + 1)]}.privatelink.{suffix}";
    }

    /// <summary>How an answer compares with the private endpoint; null when the registry has none.</summary>
    internal static PrivateEndpointMatch? Match(ProbeTarget target, DnsStatus status, IReadOnlyList<IPAddress> addresses)
    {
        if (!target.HasPrivateEndpoint)
        {
            return null;
        }

        if (status is DnsStatus.NameNotFound or DnsStatus.NoRecord)
        {
            return PrivateEndpointMatch.Missing;
        }

        if (addresses.Count == 0)
        {
            return null;
        }

        if (addresses.Any(a => !AddressClassifier.IsPrivate(a)))
        {
            return PrivateEndpointMatch.ResolvesPublic;
        }

        if (target.ExpectedAddress is null || !IPAddress.TryParse(target.ExpectedAddress, out IPAddress? expected))
        {
            return PrivateEndpointMatch.PrivateUnverified;
        }

        return addresses.Contains(expected) ? PrivateEndpointMatch.Matches : PrivateEndpointMatch.OtherPrivateAddress;
    }

    private static bool SameName(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
