using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>The input is not a registry description this module can read.</summary>
internal sealed class RegistryConfigFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads registry network configuration from any of the shapes users have at hand: the ARM
/// resource (2025-04-01 and older), a REST example file, an ARM list (<c>value</c>), the Azure
/// CLI's flattened <c>az acr show</c>/<c>az acr list</c> output, Az PowerShell objects, and this
/// module's own <see cref="RegistryNetworkConfig"/> written out with ConvertTo-Json.
/// </summary>
internal static class RegistryConfigParser
{
    public const string RegistryResourceType = "Microsoft.ContainerRegistry/registries";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static JsonNode ParseJson(string json, string source)
    {
        try
        {
            return JsonFields.Parse(json, DocumentOptions)
                ?? throw new RegistryConfigFormatException($"{source} holds JSON null, not a registry.");
        }
        catch (JsonException ex)
        {
            throw new RegistryConfigFormatException($"{source} is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <param name="fromArm">
    /// True for ARM's own answer: IP rules that are not addresses or CIDR ranges are then kept aside
    /// (<see cref="RegistryNetworkConfig.MalformedIpRules"/>) for the diagnosis to report; in an export they are refused.
    /// </param>
    public static IReadOnlyList<RegistryNetworkConfig> Parse(JsonNode root, string source, AzureCloudEnvironment environment, bool fromArm = false)
    {
        var registries = new List<RegistryNetworkConfig>();
        foreach (JsonNode item in RegistryObjects(root))
        {
            registries.Add(ParseRegistry(item, source, environment, fromArm));
        }

        if (registries.Count == 0)
        {
            throw new RegistryConfigFormatException($"{source} holds no registry (expected a registry object, a list of them, or an ARM 'value' list).");
        }

        return registries;
    }

    private static IEnumerable<JsonNode> RegistryObjects(JsonNode root)
    {
        // A REST API example file wraps the payload as responses.200.body.
        JsonNode? body = JsonFields.FindPath(root, "responses.200.body");
        if (body is not null)
        {
            root = body;
        }

        if (root is JsonObject obj && JsonFields.Find(obj, "value") is JsonArray list && !LooksLikeRegistry(obj))
        {
            return JsonFields.Items(list);
        }

        return root switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject => [root],
            _ => throw new RegistryConfigFormatException("Expected a JSON object or array describing a registry."),
        };
    }

    private static bool LooksLikeRegistry(JsonObject obj) =>
        JsonFields.Find(obj, "loginServer", "properties", "name") is not null;

    private static RegistryNetworkConfig ParseRegistry(JsonNode registry, string source, AzureCloudEnvironment environment, bool fromArm)
    {
        if (registry is not JsonObject)
        {
            throw new RegistryConfigFormatException($"{source}: a registry entry must be an object, not '{registry.ToJsonString()}'.");
        }

        string? resourceType = JsonFields.String(JsonFields.Find(registry, "type"));
        if (resourceType is not null && resourceType.Contains('/') && !resourceType.Equals(RegistryResourceType, StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistryConfigFormatException($"{source}: the entry is a '{resourceType}', not a registry ({RegistryResourceType}).");
        }

        // ARM nests settings under "properties"; the CLI, Az PowerShell and our own export do not.
        JsonNode properties = JsonFields.Find(registry, "properties") as JsonObject ?? registry;
        JsonNode? Field(params string[] names) => JsonFields.Find(properties, names) ?? JsonFields.Find(registry, names);

        string? resourceId = JsonFields.String(Field("id", "ResourceId"));
        string? typeOfId = ResourceTypeOf(resourceId);
        if (resourceType is null && typeOfId is not null && !typeOfId.Equals(RegistryResourceType, StringComparison.OrdinalIgnoreCase))
        {
            // Without a 'type', the id tells what the entry is: a DNS zone group's or a provider's name is no registry's.
            throw new RegistryConfigFormatException($"{source}: the entry's id names a '{typeOfId}', not a registry ({RegistryResourceType}): {resourceId}");
        }

        AzureResourceId idParts = AzureResourceId.Parse(resourceId);
        string? loginServer = JsonFields.String(Field("loginServer"));
        string? name = JsonFields.String(Field("name", "RegistryName")) ?? idParts.Name ?? (loginServer is null ? null : RegistryNames.NameOfLoginServer(loginServer));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RegistryConfigFormatException($"{source}: an entry has neither a name, an id nor a loginServer, so it does not describe a registry.");
        }

        JsonNode? ruleSet = Field("networkRuleSet");
        string? location = JsonFields.String(Field("location", "Location"))?.Replace(" ", "").ToLowerInvariant();
        IReadOnlyList<RegistryReplication> replications = ParseReplications(Field("replications", "Replications"));
        (IReadOnlyList<string> ipRules, IReadOnlyList<string> malformedIpRules) = ParseIpRules(JsonFields.Find(ruleSet, "ipRules") ?? Field("networkRuleSetIpRule", "ipRules"));
        if (malformedIpRules.Count > 0 && !fromArm)
        {
            throw new RegistryConfigFormatException(
                $"{source}: {name}'s IP rules [{string.Join(", ", malformedIpRules.Select(rule => $"'{rule}'"))}] are not IPv4 or IPv6 addresses or CIDR ranges (such as 203.0.113.0/24).");
        }

        return new RegistryNetworkConfig
        {
            Name = name,
            ResourceId = resourceId,
            SubscriptionId = idParts.SubscriptionId ?? JsonFields.String(Field("subscriptionId")),
            ResourceGroupName = idParts.ResourceGroupName ?? JsonFields.String(Field("resourceGroup", "resourceGroupName")),
            Location = location,
            Sku = JsonFields.Enum<RegistrySku>(JsonFields.FindPath(registry, "sku.name") ?? JsonFields.FindPath(registry, "sku.tier") ?? Field("skuName", "skuTier", "sku")),
            LoginServer = string.IsNullOrWhiteSpace(loginServer) ? RegistryNames.LoginServer(name, environment) : loginServer,
            PublicNetworkAccess = JsonFields.Enum<PublicNetworkAccess>(Field("publicNetworkAccess")),
            DefaultAction = JsonFields.Enum<NetworkRuleAction>(JsonFields.Find(ruleSet, "defaultAction") ?? Field("networkRuleSetDefaultAction", "defaultAction")),
            IpRules = ipRules,
            MalformedIpRules = malformedIpRules,
            VirtualNetworkRules = ParseVirtualNetworkRules(JsonFields.Find(ruleSet, "virtualNetworkRules") ?? Field("networkRuleSetVirtualNetworkRule", "virtualNetworkRules")),
            TrustedServicesBypass = JsonFields.Enum<TrustedServicesBypass>(Field("networkRuleBypassOptions", "networkRuleBypassOption", "trustedServicesBypass")),
            DataEndpointEnabled = JsonFields.Bool(Field("dataEndpointEnabled")) ?? false,
            DataEndpoints = ParseDataEndpoints(Field("dataEndpointHostNames", "dataEndpointHostName", "dataEndpoints")),
            RegionalEndpointsEnabled = JsonFields.Bool(Field("regionalEndpointsEnabled", "regionalEndpointEnabled", "regionalEndpoints")) ?? false,
            RegionalEndpoints = ParseRegionalEndpoints(Field("regionalEndpointHostNames") ?? Field("regionalEndpoints") as JsonArray),
            EndpointProtocol = DualStack(Field("endpointProtocol", "dualStackEndpointsEnabled")),
            TasksBypassAllowed = JsonFields.Bool(Field("networkRuleBypassAllowedForTasks", "tasksBypassAllowed")),
            RoleAssignmentMode = JsonFields.Enum<RoleAssignmentMode>(Field("roleAssignmentMode")),
            Replications = replications,
            PrivateEndpoints = ParsePrivateEndpoints(Field("privateEndpointConnections", "privateEndpointConnection", "privateEndpoints")),
            AnonymousPullEnabled = JsonFields.Bool(Field("anonymousPullEnabled")),
            AuthenticationAsArmEnabled = JsonFields.Bool(
                JsonFields.FindPath(properties, "policies.azureADAuthenticationAsArmPolicy.status")
                ?? Field("azureAdAuthenticationAsArmPolicyStatus", "authenticationAsArmEnabled")),

            // Only this module's own export carries what was read around the registry.
            PrivateDnsZones = JsonFields.Items(Field("privateDnsZones")).Select(PrivateNetworkParser.ParseZone).OfType<PrivateDnsZone>().ToList(),
            ProviderRegistrations = JsonFields.Items(Field("providerRegistrations"))
                .Select(provider => PrivateNetworkParser.ParseProviderRegistration(provider, subscriptionId: null))
                .OfType<ResourceProviderRegistration>()
                .ToList(),
            UnreadResources = JsonFields.Items(Field("unreadResources")).Select(PrivateNetworkParser.ParseUnreadResource).OfType<UnreadResource>().ToList(),
            Source = source,
        };
    }

    private static (IReadOnlyList<string> Valid, IReadOnlyList<string> Malformed) ParseIpRules(JsonNode? rules)
    {
        var valid = new List<string>();
        var malformed = new List<string>();
        foreach (JsonNode rule in JsonFields.Items(rules))
        {
            string? value = rule is JsonValue ? JsonFields.String(rule) : JsonFields.String(JsonFields.Find(rule, "value", "ipAddressOrRange"));
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (TryNormalizeCidr(value.Trim(), out string? cidr))
            {
                valid.Add(cidr);
            }
            else
            {
                malformed.Add(value.Trim());
            }
        }

        return (valid, malformed);
    }

    /// <summary>
    /// An address or a CIDR range as ACR takes it, normalised (a bare address becomes a one-address range, host bits
    /// are cleared); false for anything else: 999.1.1.1, 10.0.0.0/99, the shorthand forms IPAddress accepts ("10", "1.2.3").
    /// </summary>
    internal static bool TryNormalizeCidr(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? cidr)
    {
        cidr = null;
        string[] parts = value.Split('/');
        if (parts.Length > 2 || !IsFullAddress(parts[0]) || !IPAddress.TryParse(parts[0], out IPAddress? address))
        {
            return false;
        }

        int bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        int prefix = bits;
        if (parts.Length == 2
            && (parts[1].Length is 0 or > 3 || !parts[1].All(char.IsAsciiDigit) || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        byte[] bytes = address.GetAddressBytes();
        for (int bit = prefix; bit < bits; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        cidr = new IPNetwork(new IPAddress(bytes), prefix).ToString();
        return true;
    }

    // IPAddress.TryParse also takes "10" and "1.2.3" (inet_aton's shorthands), which no one means in a firewall rule.
    private static bool IsFullAddress(string address) =>
        address.Contains(':') ? !address.Contains('%') : address.Count(c => c == '.') == 3 && address.All(c => char.IsAsciiDigit(c) || c == '.');

    /// <summary>The resource type an ARM resource ID names (<c>Microsoft.Network/privateEndpoints/privateDnsZoneGroups</c>), or null when it is none.</summary>
    private static string? ResourceTypeOf(string? resourceId)
    {
        string[] segments = resourceId?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        int providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        if (providers < 0 || providers + 1 >= segments.Length)
        {
            return null;
        }

        var type = new List<string> { segments[providers + 1] };
        for (int i = providers + 2; i < segments.Length; i += 2)
        {
            type.Add(segments[i]);
        }

        return string.Join('/', type);
    }

    private static IReadOnlyList<VirtualNetworkRule> ParseVirtualNetworkRules(JsonNode? rules) =>
        JsonFields.Items(rules)
            .Select(rule => new VirtualNetworkRule
            {
                SubnetId = (rule is JsonValue ? JsonFields.String(rule) : JsonFields.String(JsonFields.Find(rule, "id", "virtualNetworkResourceId", "subnetId"))) ?? "",
                Action = JsonFields.Enum<NetworkRuleAction>(JsonFields.Find(rule, "action")) ?? NetworkRuleAction.Allow,
            })
            .Where(rule => rule.SubnetId.Length > 0)
            .ToList();

    private static IReadOnlyList<DataEndpoint> ParseDataEndpoints(JsonNode? endpoints) =>
        ParseHosts(endpoints, RegistryNames.RegionOfDataEndpoint).Select(e => new DataEndpoint { HostName = e.Host, Region = e.Region }).ToList();

    private static IReadOnlyList<RegionalEndpoint> ParseRegionalEndpoints(JsonNode? endpoints) =>
        ParseHosts(endpoints, RegistryNames.RegionOfRegionalEndpoint).Select(e => new RegionalEndpoint { HostName = e.Host, Region = e.Region }).ToList();

    /// <summary>Host names per region: as ARM lists them (strings), or as objects with a hostName and region (an export).</summary>
    private static IEnumerable<(string Host, string Region)> ParseHosts(JsonNode? endpoints, Func<string, string?> regionOf)
    {
        foreach (JsonNode endpoint in JsonFields.Items(endpoints))
        {
            string? host = endpoint is JsonValue ? JsonFields.String(endpoint) : JsonFields.String(JsonFields.Find(endpoint, "hostName"));
            if (string.IsNullOrWhiteSpace(host))
            {
                continue;
            }

            string region = JsonFields.String(JsonFields.Find(endpoint, "region")) ?? regionOf(host) ?? "";
            yield return (host.ToLowerInvariant(), region.ToLowerInvariant());
        }
    }

    // endpointProtocol "IPv4AndIPv6" (2026-01-01-preview), or the boolean dualStackEndpointsEnabled of 2025-06-01-preview.
    private static EndpointProtocol? DualStack(JsonNode? value) => JsonFields.Bool(value) switch
    {
        true => AcrNetwork.EndpointProtocol.IPv4AndIPv6,
        false => AcrNetwork.EndpointProtocol.IPv4,
        null => JsonFields.Enum<EndpointProtocol>(value),
    };

    private static IReadOnlyList<RegistryReplication> ParseReplications(JsonNode? replications)
    {
        var result = new List<RegistryReplication>();
        foreach (JsonNode replication in JsonFields.Items(replications))
        {
            JsonNode properties = JsonFields.Find(replication, "properties") ?? replication;
            string? region = JsonFields.String(JsonFields.Find(replication, "location", "region"));
            if (string.IsNullOrWhiteSpace(region))
            {
                continue;
            }

            result.Add(new RegistryReplication
            {
                Name = JsonFields.String(JsonFields.Find(replication, "name")) ?? region,
                Region = region.Replace(" ", "").ToLowerInvariant(),
                Status = JsonFields.String(JsonFields.FindPath(properties, "status.displayStatus"))
                    ?? JsonFields.String(JsonFields.Find(properties, "status"))
                    ?? JsonFields.String(JsonFields.Find(properties, "provisioningState")),
                RegionEndpointEnabled = JsonFields.Bool(JsonFields.Find(properties, "regionEndpointEnabled")) ?? true,
            });
        }

        return result;
    }

    private static IReadOnlyList<RegistryPrivateEndpoint> ParsePrivateEndpoints(JsonNode? connections)
    {
        var result = new List<RegistryPrivateEndpoint>();
        foreach (JsonNode connection in JsonFields.Items(connections))
        {
            JsonNode properties = JsonFields.Find(connection, "properties") ?? connection;
            string? endpointId = JsonFields.String(JsonFields.FindPath(properties, "privateEndpoint.id"))
                ?? JsonFields.String(JsonFields.Find(properties, "privateEndpointId", "resourceId"));
            if (string.IsNullOrWhiteSpace(endpointId))
            {
                continue;
            }

            JsonNode? state = JsonFields.Find(properties, "privateLinkServiceConnectionState");
            result.Add(new RegistryPrivateEndpoint
            {
                Name = AzureResourceId.Parse(endpointId).Name ?? endpointId,
                ResourceId = endpointId,
                ConnectionName = JsonFields.String(JsonFields.Find(connection, "name", "connectionName")),
                ConnectionStatus = JsonFields.Enum<PrivateEndpointConnectionStatus>(
                    JsonFields.Find(state, "status") ?? JsonFields.Find(properties, "privateLinkServiceConnectionStateStatus", "connectionStatus"))
                    ?? PrivateEndpointConnectionStatus.Unknown,
                ConnectionDescription = JsonFields.String(JsonFields.Find(state, "description") ?? JsonFields.Find(properties, "connectionDescription")),
                SubnetId = JsonFields.String(JsonFields.Find(properties, "subnetId") ?? JsonFields.FindPath(properties, "subnet.id")),
                Addresses = ParseAddresses(JsonFields.Find(properties, "addresses")),
                DnsZoneGroupRecords = JsonFields.Items(JsonFields.Find(properties, "dnsZoneGroupRecords"))
                    .Select(record => PrivateNetworkParser.ParseRecord(record, zoneName: ""))
                    .OfType<PrivateDnsRecord>()
                    .ToList(),
            });
        }

        return result;
    }

    private static IReadOnlyList<PrivateEndpointAddress> ParseAddresses(JsonNode? addresses) =>
        JsonFields.Items(addresses)
            .Select(address => new PrivateEndpointAddress
            {
                Fqdn = JsonFields.String(JsonFields.Find(address, "fqdn")) ?? "",
                IPAddress = JsonFields.String(JsonFields.Find(address, "ipAddress")) ?? "",
                MemberName = JsonFields.String(JsonFields.Find(address, "memberName")),
            })
            .Where(address => address.Fqdn.Length > 0 && address.IPAddress.Length > 0)
            .ToList();
}
