using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads the ARM payloads around a registry's private endpoints (Microsoft.Network 2025-05-01,
/// private DNS 2024-06-01) and this module's own export of them. Tolerant like the registry parser:
/// missing or unknown fields give empty values, never exceptions.
/// </summary>
internal static class PrivateNetworkParser
{
    /// <summary>What a private endpoint resource says about itself.</summary>
    public sealed record PrivateEndpointDetails(string? SubnetId, IReadOnlyList<string> NetworkInterfaceIds, IReadOnlyList<PrivateEndpointAddress> CustomDnsAddresses);

    public static PrivateEndpointDetails ParsePrivateEndpoint(JsonNode endpoint)
    {
        JsonNode properties = Properties(endpoint);
        return new PrivateEndpointDetails(
            JsonFields.String(JsonFields.FindPath(properties, "subnet.id")),
            JsonFields.Items(JsonFields.Find(properties, "networkInterfaces"))
                .Select(nic => JsonFields.String(JsonFields.Find(nic, "id")))
                .OfType<string>()
                .ToList(),
            JsonFields.Items(JsonFields.Find(properties, "customDnsConfigs"))
                .SelectMany(config => JsonFields.Items(JsonFields.Find(config, "ipAddresses"))
                    .Select(address => Address(JsonFields.String(JsonFields.Find(config, "fqdn")), JsonFields.String(address), memberName: null)))
                .OfType<PrivateEndpointAddress>()
                .ToList());
    }

    /// <summary>
    /// The private endpoint NIC's address for every FQDN it serves: the ground truth that DNS answers
    /// are compared with (<c>ipConfigurations[].properties.privateLinkConnectionProperties</c>).
    /// </summary>
    public static IReadOnlyList<PrivateEndpointAddress> ParseNetworkInterfaceAddresses(JsonNode networkInterface)
    {
        var addresses = new List<PrivateEndpointAddress>();
        foreach (JsonNode configuration in JsonFields.Items(JsonFields.Find(Properties(networkInterface), "ipConfigurations")))
        {
            JsonNode properties = Properties(configuration);
            JsonNode? link = JsonFields.Find(properties, "privateLinkConnectionProperties");
            string? ipAddress = JsonFields.String(JsonFields.Find(properties, "privateIPAddress"));
            string? memberName = JsonFields.String(JsonFields.Find(link, "requiredMemberName"));
            addresses.AddRange(JsonFields.Items(JsonFields.Find(link, "fqdns"))
                .Select(fqdn => Address(JsonFields.String(fqdn), ipAddress, memberName))
                .OfType<PrivateEndpointAddress>());
        }

        return addresses;
    }

    /// <summary>The records a private endpoint's DNS zone groups manage, and the zones they are in.</summary>
    public static (IReadOnlyList<PrivateDnsRecord> Records, IReadOnlyList<string> ZoneIds) ParseDnsZoneGroups(IEnumerable<JsonNode> zoneGroups)
    {
        var records = new List<PrivateDnsRecord>();
        var zoneIds = new List<string>();
        foreach (JsonNode zoneConfig in zoneGroups.SelectMany(group => JsonFields.Items(JsonFields.Find(Properties(group), "privateDnsZoneConfigs"))))
        {
            JsonNode properties = Properties(zoneConfig);
            string? zoneId = JsonFields.String(JsonFields.Find(properties, "privateDnsZoneId"));
            if (string.IsNullOrWhiteSpace(zoneId))
            {
                continue;
            }

            if (!zoneIds.Contains(zoneId, StringComparer.OrdinalIgnoreCase))
            {
                zoneIds.Add(zoneId);
            }

            string zoneName = AzureResourceId.Parse(zoneId).Name ?? "";
            records.AddRange(JsonFields.Items(JsonFields.Find(properties, "recordSets"))
                .Where(recordSet => JsonFields.String(JsonFields.Find(recordSet, "recordType")) is null or "A")
                .Select(recordSet => ParseRecord(recordSet, zoneName))
                .OfType<PrivateDnsRecord>());
        }

        return (records, zoneIds);
    }

    /// <summary>
    /// One A record set in any of its shapes: the zone's own (<c>name</c>, <c>properties.aRecords[].ipv4Address</c>),
    /// a DNS zone group's (<c>recordSetName</c>, <c>ipAddresses</c>), or this module's export.
    /// </summary>
    public static PrivateDnsRecord? ParseRecord(JsonNode record, string zoneName)
    {
        JsonNode properties = Properties(record);
        string? name = JsonFields.String(JsonFields.Find(record, "recordSetName", "name"));
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        zoneName = JsonFields.String(JsonFields.Find(record, "zoneName")) ?? zoneName;
        IEnumerable<JsonNode> addresses = JsonFields.Items(JsonFields.Find(properties, "ipAddresses"))
            .Concat(JsonFields.Items(JsonFields.Find(properties, "aRecords")).Select(a => JsonFields.Find(a, "ipv4Address")).OfType<JsonNode>());
        string? ttl = JsonFields.String(JsonFields.Find(properties, "ttl"));
        return new PrivateDnsRecord
        {
            ZoneName = zoneName.ToLowerInvariant(),
            Name = name.ToLowerInvariant(),
            Fqdn = NormalizeFqdn(JsonFields.String(JsonFields.Find(properties, "fqdn")) ?? $"{name}.{zoneName}"),
            IPAddresses = addresses.Select(JsonFields.String).OfType<string>().Where(a => a.Length > 0).ToList(),
            Ttl = int.TryParse(ttl, out int seconds) ? seconds : null,
        };
    }

    public static PrivateDnsZoneLink? ParseVirtualNetworkLink(JsonNode link)
    {
        JsonNode properties = Properties(link);
        string? virtualNetworkId = JsonFields.String(JsonFields.FindPath(properties, "virtualNetwork.id") ?? JsonFields.Find(properties, "virtualNetworkId"));
        if (string.IsNullOrWhiteSpace(virtualNetworkId))
        {
            return null;
        }

        return new PrivateDnsZoneLink
        {
            Name = JsonFields.String(JsonFields.Find(link, "name")) ?? "",
            VirtualNetworkId = virtualNetworkId,
            RegistrationEnabled = JsonFields.Bool(JsonFields.Find(properties, "registrationEnabled")) ?? false,
            State = JsonFields.String(JsonFields.Find(properties, "virtualNetworkLinkState", "state")),
        };
    }

    /// <summary>This module's own export of a zone (ConvertTo-Json of <see cref="PrivateDnsZone"/>).</summary>
    public static PrivateDnsZone? ParseZone(JsonNode zone)
    {
        string? name = JsonFields.String(JsonFields.Find(zone, "name"));
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return new PrivateDnsZone
        {
            Name = name,
            ResourceId = JsonFields.String(JsonFields.Find(zone, "resourceId", "id")) ?? "",
            Records = JsonFields.Items(JsonFields.Find(zone, "records")).Select(r => ParseRecord(r, name)).OfType<PrivateDnsRecord>().ToList(),
            VirtualNetworkLinks = JsonFields.Items(JsonFields.Find(zone, "virtualNetworkLinks")).Select(ParseVirtualNetworkLink).OfType<PrivateDnsZoneLink>().ToList(),
        };
    }

    /// <summary>A provider's registration state, from ARM (<c>registrationState</c>) or this module's export.</summary>
    public static ResourceProviderRegistration? ParseProviderRegistration(JsonNode provider, string? subscriptionId)
    {
        string? state = JsonFields.String(JsonFields.Find(provider, "registrationState"));
        string? providerNamespace = JsonFields.String(JsonFields.Find(provider, "namespace"));
        subscriptionId ??= JsonFields.String(JsonFields.Find(provider, "subscriptionId")) ?? AzureResourceId.Parse(JsonFields.String(JsonFields.Find(provider, "id"))).SubscriptionId;
        return state is null || providerNamespace is null || subscriptionId is null
            ? null
            : new ResourceProviderRegistration { SubscriptionId = subscriptionId, Namespace = providerNamespace, RegistrationState = state };
    }

    public static UnreadResource? ParseUnreadResource(JsonNode unread)
    {
        string? resourceId = JsonFields.String(JsonFields.Find(unread, "resourceId"));
        if (string.IsNullOrWhiteSpace(resourceId))
        {
            return null;
        }

        return new UnreadResource
        {
            ResourceId = resourceId,
            Role = JsonFields.String(JsonFields.Find(unread, "role")) ?? "",
            StatusCode = int.TryParse(JsonFields.String(JsonFields.Find(unread, "statusCode")), out int status) ? status : null,
            ErrorCode = JsonFields.String(JsonFields.Find(unread, "errorCode")),
            Message = JsonFields.String(JsonFields.Find(unread, "message")) ?? "",
        };
    }

    public static string NormalizeFqdn(string fqdn) => fqdn.Trim().TrimEnd('.').ToLowerInvariant();

    private static JsonNode Properties(JsonNode node) => JsonFields.Properties(node);

    private static PrivateEndpointAddress? Address(string? fqdn, string? ipAddress, string? memberName) =>
        string.IsNullOrWhiteSpace(fqdn) || string.IsNullOrWhiteSpace(ipAddress)
            ? null
            : new PrivateEndpointAddress { Fqdn = NormalizeFqdn(fqdn), IPAddress = ipAddress.Trim(), MemberName = memberName };
}
