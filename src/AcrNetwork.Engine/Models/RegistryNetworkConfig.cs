namespace AcrNetwork;

/// <summary>A registry's network configuration, as ARM or an export describes it.</summary>
public sealed record RegistryNetworkConfig
{
    public string Name { get; init; } = "";
    public string? ResourceId { get; init; }
    public string? SubscriptionId { get; init; }
    public string? ResourceGroupName { get; init; }
    public string? Location { get; init; }
    public RegistrySku? Sku { get; init; }
    public string LoginServer { get; init; } = "";
    public PublicNetworkAccess? PublicNetworkAccess { get; init; }

    /// <summary>Null when the registry has no network rule set (every SKU below Premium).</summary>
    public NetworkRuleAction? DefaultAction { get; init; }

    /// <summary>Allowed address ranges in CIDR form (a bare address becomes /32 or /128).</summary>
    public IReadOnlyList<string> IpRules { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>IP rules ARM returned that are not addresses or CIDR ranges (ACR cannot apply them as meant); empty for exports, which refuse them.</summary>
    public IReadOnlyList<string> MalformedIpRules { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;
    public IReadOnlyList<VirtualNetworkRule> VirtualNetworkRules { get; init => field = ValueList<VirtualNetworkRule>.From(value); } = ValueList<VirtualNetworkRule>.Empty;
    public TrustedServicesBypass? TrustedServicesBypass { get; init; }
    public bool DataEndpointEnabled { get; init; }
    public IReadOnlyList<DataEndpoint> DataEndpoints { get; init => field = ValueList<DataEndpoint>.From(value); } = ValueList<DataEndpoint>.Empty;

    /// <summary>True when the registry also answers on one host per region (<c>&lt;name&gt;.&lt;region&gt;.geo.&lt;suffix&gt;</c>).</summary>
    public bool RegionalEndpointsEnabled { get; init; }
    public IReadOnlyList<RegionalEndpoint> RegionalEndpoints { get; init => field = ValueList<RegionalEndpoint>.From(value); } = ValueList<RegionalEndpoint>.Empty;

    /// <summary>IPv4, or IPv4AndIPv6 for a dual-stack registry; null when the configuration does not say (IPv4).</summary>
    public EndpointProtocol? EndpointProtocol { get; init; }

    /// <summary>Whether ACR Tasks may pass the network rules (<c>networkRuleBypassAllowedForTasks</c>); null when not given.</summary>
    public bool? TasksBypassAllowed { get; init; }

    /// <summary>Which roles grant pulls; null when the configuration does not say (RBAC registry permissions).</summary>
    public RoleAssignmentMode? RoleAssignmentMode { get; init; }
    public IReadOnlyList<RegistryReplication> Replications { get; init => field = ValueList<RegistryReplication>.From(value); } = ValueList<RegistryReplication>.Empty;
    public IReadOnlyList<RegistryPrivateEndpoint> PrivateEndpoints { get; init => field = ValueList<RegistryPrivateEndpoint>.From(value); } = ValueList<RegistryPrivateEndpoint>.Empty;
    public bool? AnonymousPullEnabled { get; init; }
    public bool? AuthenticationAsArmEnabled { get; init; }

    /// <summary>The private DNS zones the registry's private endpoints write to, with this registry's records and the zones' VNet links.</summary>
    public IReadOnlyList<PrivateDnsZone> PrivateDnsZones { get; init => field = ValueList<PrivateDnsZone>.From(value); } = ValueList<PrivateDnsZone>.Empty;

    /// <summary><c>Microsoft.ContainerRegistry</c> registration in each subscription that holds a VNet rule's subnet.</summary>
    public IReadOnlyList<ResourceProviderRegistration> ProviderRegistrations { get; init => field = ValueList<ResourceProviderRegistration>.From(value); } = ValueList<ResourceProviderRegistration>.Empty;

    /// <summary>What ARM would not give; empty when the configuration is complete.</summary>
    public IReadOnlyList<UnreadResource> UnreadResources { get; init => field = ValueList<UnreadResource>.From(value); } = ValueList<UnreadResource>.Empty;

    /// <summary>Where this configuration came from: an ARM read, a file, or a pipeline object.</summary>
    public string? Source { get; init; }

    /// <summary>True when the registry only accepts chosen clients on its public endpoint, or none.</summary>
    public bool IsNetworkRestricted =>
        PublicNetworkAccess == AcrNetwork.PublicNetworkAccess.Disabled
        || DefaultAction == NetworkRuleAction.Deny;

    /// <summary>Every region the registry serves pulls from: its home region first, then replicas.</summary>
    public IReadOnlyList<string> Regions
    {
        get
        {
            var regions = new List<string>();
            if (!string.IsNullOrEmpty(Location))
            {
                regions.Add(Location);
            }

            foreach (RegistryReplication replication in Replications)
            {
                if (!regions.Contains(replication.Region, StringComparer.OrdinalIgnoreCase))
                {
                    regions.Add(replication.Region);
                }
            }

            return ValueList<string>.From(regions);
        }
    }

    public override string ToString() => string.IsNullOrEmpty(LoginServer) ? Name : LoginServer;
}

public sealed class VirtualNetworkRule
{
    public string SubnetId { get; init; } = "";
    public NetworkRuleAction Action { get; init; } = NetworkRuleAction.Allow;
    public override string ToString() => SubnetId;
}

public sealed class DataEndpoint
{
    public string Region { get; init; } = "";
    public string HostName { get; init; } = "";
    public override string ToString() => HostName;
}

/// <summary>A host that serves the whole registry API from one region: <c>&lt;name&gt;.&lt;region&gt;.geo.&lt;suffix&gt;</c>.</summary>
public sealed class RegionalEndpoint
{
    public string Region { get; init; } = "";
    public string HostName { get; init; } = "";
    public override string ToString() => HostName;
}

public sealed class RegistryReplication
{
    public string Name { get; init; } = "";
    public string Region { get; init; } = "";
    public string? Status { get; init; }
    public bool RegionEndpointEnabled { get; init; } = true;
    public override string ToString() => Region;
}

public sealed record RegistryPrivateEndpoint
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public string? ConnectionName { get; init; }
    public PrivateEndpointConnectionStatus ConnectionStatus { get; init; }
    public string? ConnectionDescription { get; init; }
    public string? SubnetId { get; init; }

    /// <summary>The endpoint's private addresses per FQDN; empty until the endpoint's NIC has been read.</summary>
    public IReadOnlyList<PrivateEndpointAddress> Addresses { get; init; } = [];

    /// <summary>The A records the endpoint's DNS zone group keeps in its private DNS zones.</summary>
    public IReadOnlyList<PrivateDnsRecord> DnsZoneGroupRecords { get; init; } = [];
    public override string ToString() => Name;
}

public sealed class PrivateEndpointAddress
{
    public string Fqdn { get; init; } = "";
    public string IPAddress { get; init; } = "";

    /// <summary>The private link member: <c>registry</c> or <c>registry_data_&lt;region&gt;</c>.</summary>
    public string? MemberName { get; init; }
    public override string ToString() => $"{Fqdn} = {IPAddress}";
}
