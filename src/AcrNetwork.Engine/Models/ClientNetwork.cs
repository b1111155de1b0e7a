using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
namespace AcrNetwork;

/// <summary>How the diagnosis learned which subnet the client runs in.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ClientSubnetSource
{
    /// <summary>The client network was not examined (see <see cref="ClientNetworkExamination.Reason"/>).</summary>
    None,

    /// <summary>Given with <c>-ClientSubnetId</c>.</summary>
    Parameter,

    /// <summary>Found through the Instance Metadata Service: this VM's NIC and its subnet.</summary>
    InstanceMetadata,

    /// <summary>An AKS cluster's node pool subnet (<c>agentPoolProfiles[].vnetSubnetID</c>).</summary>
    AksNodePool,
}

/// <summary>
/// The client's own network in Azure as ARM describes it: its subnet, the subnet's VNet, the NSGs and the
/// route table that act on its traffic. Read once per diagnosis run; the rules judge it per endpoint.
/// </summary>
public sealed record ClientNetworkExamination
{
    public ClientSubnetSource Source { get; init; }
    public string? SubnetId { get; init; }

    /// <summary>How the subnet was found, or why the client network was not examined.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Null when the subnet could not be read (see <see cref="UnreadResources"/>).</summary>
    public ClientSubnet? Subnet { get; init; }
    public VirtualNetwork? VirtualNetwork { get; init; }

    /// <summary>The NSGs on the client's path: the subnet's, then the NIC's when the NIC is known.</summary>
    public IReadOnlyList<NetworkSecurityGroup> NetworkSecurityGroups { get; init; } = [];
    public RouteTable? RouteTable { get; init; }

    /// <summary>
    /// ARM's effective routes of the client's NIC (<c>effectiveRouteTable</c>: system routes, peerings, gateways and the
    /// route table together), when the NIC is known and they could be read; they decide the route instead of the route table.
    /// </summary>
    public IReadOnlyList<Route>? EffectiveRoutes { get; init; }

    /// <summary>The Azure Firewalls the route table's virtual appliance routes send traffic to.</summary>
    public IReadOnlyList<AzureFirewall> Firewalls { get; init; } = [];

    /// <summary>The subnets of the registry's private endpoints, read once the registry's configuration names them.</summary>
    public IReadOnlyList<PrivateEndpointSubnet> PrivateEndpointSubnets { get; init; } = [];
    public IReadOnlyList<UnreadResource> UnreadResources { get; init; } = [];

    public bool Examined => Subnet is not null;

    public static ClientNetworkExamination NotExamined(string reason) => new() { Source = ClientSubnetSource.None, Reason = reason };

    /// <summary>This examination with the private endpoints' subnets and what of them could not be read.</summary>
    public ClientNetworkExamination WithPrivateEndpointSubnets(IReadOnlyList<PrivateEndpointSubnet> subnets, IEnumerable<UnreadResource> unread) =>
        this with { PrivateEndpointSubnets = subnets, UnreadResources = [.. UnreadResources, .. unread] };

    public override string ToString() => Examined ? $"{SubnetId} ({Reason})" : $"not examined: {Reason}";
}

public sealed class ClientSubnet
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public IReadOnlyList<string> AddressPrefixes { get; init; } = [];
    public string? NetworkSecurityGroupId { get; init; }
    public string? RouteTableId { get; init; }

    /// <summary>Service endpoints enabled on the subnet, e.g. <c>Microsoft.ContainerRegistry</c>.</summary>
    public IReadOnlyList<string> ServiceEndpoints { get; init; } = [];

    /// <summary><c>Enabled</c> when NSGs and route tables apply to private endpoints in this subnet.</summary>
    public string? PrivateEndpointNetworkPolicies { get; init; }

    /// <summary>The subnet's VNet: its resource ID up to <c>/subnets/</c>.</summary>
    public string VirtualNetworkId => VirtualNetworkOf(ResourceId);

    internal static string VirtualNetworkOf(string subnetId)
    {
        int index = subnetId.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
        return index < 0 ? subnetId : subnetId[..index];
    }

    public override string ToString() => ResourceId;
}

public sealed class VirtualNetwork
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public IReadOnlyList<string> AddressPrefixes { get; init; } = [];

    /// <summary>Custom DNS servers (<c>dhcpOptions.dnsServers</c>); empty means Azure DNS.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];
    public IReadOnlyList<VirtualNetworkPeering> Peerings { get; init; } = [];
    public override string ToString() => ResourceId;
}

public sealed class VirtualNetworkPeering
{
    public string Name { get; init; } = "";
    public string RemoteVirtualNetworkId { get; init; } = "";

    /// <summary><c>Connected</c> when traffic flows; <c>Initiated</c> until the other side peers back; <c>Disconnected</c>.</summary>
    public string? PeeringState { get; init; }
    public bool AllowVirtualNetworkAccess { get; init; } = true;
    public IReadOnlyList<string> RemoteAddressPrefixes { get; init; } = [];

    public bool IsConnected => AllowVirtualNetworkAccess && string.Equals(PeeringState, "Connected", StringComparison.OrdinalIgnoreCase);
    public override string ToString() => $"{Name} -> {RemoteVirtualNetworkId} ({PeeringState})";
}

/// <summary>Where an NSG is attached on the client's path.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum NetworkSecurityGroupScope
{
    Subnet,
    NetworkInterface,

    /// <summary>The subnet of the registry's private endpoint, inbound, when its network policies apply NSGs.</summary>
    PrivateEndpointSubnet,
}

/// <summary>The subnet of one of the registry's private endpoints, and the NSG that filters traffic into it when the subnet's policies say so.</summary>
public sealed class PrivateEndpointSubnet
{
    public ClientSubnet Subnet { get; init; } = null!;

    /// <summary>Null when the subnet has none, or its private endpoint network policies leave NSGs out.</summary>
    public NetworkSecurityGroup? NetworkSecurityGroup { get; init; }

    /// <summary><c>Enabled</c> and <c>NetworkSecurityGroupEnabled</c> apply the subnet's NSG to its private endpoints; <c>Disabled</c> and <c>RouteTableEnabled</c> do not.</summary>
    public static bool AppliesNetworkSecurityGroups(string? policies) =>
        string.Equals(policies, "Enabled", StringComparison.OrdinalIgnoreCase) || string.Equals(policies, "NetworkSecurityGroupEnabled", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Subnet.ResourceId;
}

public sealed class NetworkSecurityGroup
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public NetworkSecurityGroupScope AppliedTo { get; init; }

    /// <summary>The NSG's own rules and its default rules (<see cref="SecurityRule.IsDefault"/>).</summary>
    public IReadOnlyList<SecurityRule> Rules { get; init; } = [];

    /// <summary>True when the rules are ARM's effective rules for the client's NIC (<c>effectiveNetworkSecurityGroups</c>), service tags expanded.</summary>
    public bool EffectiveRules { get; init; }
    public override string ToString() => Name;
}

[JsonConverter(typeof(StringEnumConverter))]
public enum SecurityRuleDirection
{
    Inbound,
    Outbound,
}

[JsonConverter(typeof(StringEnumConverter))]
public enum SecurityRuleAccess
{
    Allow,
    Deny,
}

public sealed class SecurityRule
{
    public string Name { get; init; } = "";
    public int Priority { get; init; }
    public SecurityRuleDirection Direction { get; init; }
    public SecurityRuleAccess Access { get; init; }

    /// <summary><c>Tcp</c>, <c>Udp</c>, <c>Icmp</c>, <c>Esp</c>, <c>Ah</c> or <c>*</c>.</summary>
    public string Protocol { get; init; } = "*";

    /// <summary>CIDRs, addresses, service tags or <c>*</c>.</summary>
    public IReadOnlyList<string> SourceAddressPrefixes { get; init; } = ["*"];
    public IReadOnlyList<string> DestinationAddressPrefixes { get; init; } = ["*"];

    /// <summary>Ports or ranges such as <c>443</c>, <c>443-445</c> or <c>*</c>.</summary>
    public IReadOnlyList<string> DestinationPortRanges { get; init; } = ["*"];
    public bool IsDefault { get; init; }

    /// <summary>In effective rules, the prefixes ARM expanded a service tag into; when present they decide a match, not the tag.</summary>
    public IReadOnlyList<string> ExpandedSourceAddressPrefixes { get; init; } = [];
    public IReadOnlyList<string> ExpandedDestinationAddressPrefixes { get; init; } = [];

    public override string ToString() =>
        $"{Name} (priority {Priority}, {Direction} {Access} {Protocol} to {string.Join(",", DestinationAddressPrefixes)}:{string.Join(",", DestinationPortRanges)})";
}

public sealed class RouteTable
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public IReadOnlyList<Route> Routes { get; init; } = [];
    public override string ToString() => Name;
}

/// <summary>Where a route sends packets (ARM's <c>nextHopType</c>).</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum RouteNextHopType
{
    Unknown,

    /// <summary>Within the VNet's own address space.</summary>
    VnetLocal,

    /// <summary>To a peered VNet's address space (a system route).</summary>
    VNetPeering,
    Internet,
    VirtualAppliance,
    VirtualNetworkGateway,
    None,
}

public sealed class Route
{
    public string Name { get; init; } = "";
    public string AddressPrefix { get; init; } = "";
    public RouteNextHopType NextHopType { get; init; }
    public string? NextHopIpAddress { get; init; }

    /// <summary>False for the system routes Azure puts in every subnet (VNet, peerings, the default route to the Internet).</summary>
    public bool IsUserDefined { get; init; } = true;

    public override string ToString() =>
        $"{Name} {AddressPrefix} -> {NextHopType}{(NextHopIpAddress is null ? "" : $" {NextHopIpAddress}")}";
}

/// <summary>
/// An Azure Firewall that a route of the client's subnet sends traffic to, with the rules it applies: its classic rule
/// collections, or those of its firewall policy (and the policy's parent) flattened into one list.
/// </summary>
public sealed class AzureFirewall
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";

    /// <summary>The private addresses of its IP configurations: the next hop a route names.</summary>
    public IReadOnlyList<string> PrivateIpAddresses { get; init; } = [];
    public string? FirewallPolicyId { get; init; }
    // Read to judge each host; not part of the output, whose JSON would otherwise nest past any useful depth.
    internal IReadOnlyList<FirewallRuleCollection> RuleCollections { get; init; } = [];

    /// <summary>The addresses of each IP group the rules name, by the group's resource ID; a group that could not be read is absent.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> IpGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => Name;
}

internal enum FirewallRuleKind
{
    Network,
    Application,
}

/// <summary>A filter rule collection: of a classic firewall, or of a policy's rule collection group.</summary>
internal sealed class FirewallRuleCollection
{
    public string Name { get; init; } = "";

    /// <summary>The policy's rule collection group; null for a classic collection.</summary>
    public string? GroupName { get; init; }
    public int GroupPriority { get; init; }
    public int Priority { get; init; }

    /// <summary>0 for the rules a parent (base) policy passes down, which Azure Firewall applies before the child's; 1 otherwise.</summary>
    public int PolicyTier { get; init; } = 1;
    public SecurityRuleAccess Action { get; init; }
    public IReadOnlyList<FirewallRule> Rules { get; init; } = [];

    public override string ToString() =>
        $"collection {Name} (priority {Priority}{(GroupName is null ? "" : $", group {GroupName} priority {GroupPriority}")}, {Action})";
}

internal sealed class FirewallRule
{
    public string Name { get; init; } = "";
    public FirewallRuleKind Kind { get; init; }
    public IReadOnlyList<string> SourceAddresses { get; init; } = [];
    public IReadOnlyList<string> SourceIpGroups { get; init; } = [];

    /// <summary>Network rules: <c>TCP</c>, <c>UDP</c>, <c>ICMP</c> or <c>Any</c>; application rules: <c>Https:443</c>, <c>Http:80</c>.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    /// <summary>Network rules: addresses, CIDRs, ranges, service tags or <c>*</c>.</summary>
    public IReadOnlyList<string> DestinationAddresses { get; init; } = [];
    public IReadOnlyList<string> DestinationIpGroups { get; init; } = [];
    public IReadOnlyList<string> DestinationPorts { get; init; } = [];

    /// <summary>Network rules' <c>destinationFqdns</c> and application rules' <c>targetFqdns</c> (wildcards such as <c>*.azurecr.io</c>).</summary>
    public IReadOnlyList<string> DestinationFqdns { get; init; } = [];

    /// <summary>FQDN tags (<c>AzureKubernetesService</c>, <c>WindowsUpdate</c>): Microsoft's own hosts, never a customer's registry.</summary>
    public IReadOnlyList<string> FqdnTags { get; init; } = [];

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} rule {Name}";
}

/// <summary>What the client's network in Azure does to its TCP 443 connection to one endpoint address.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ClientPathStatus
{
    /// <summary>Every NSG on the path allows it and the route delivers it (within the VNet, over a peering, to the Internet, or through an Azure Firewall that allows the host).</summary>
    Allowed,

    /// <summary>An NSG rule denies it: the client subnet's or NIC's outbound, or the private endpoint subnet's inbound.</summary>
    DeniedByNetworkSecurityGroup,

    /// <summary>The route sends it to an Azure Firewall whose rules do not allow the host.</summary>
    DeniedByFirewall,

    /// <summary>The route's next hop is <c>None</c>: Azure drops the packets.</summary>
    DroppedByRoute,

    /// <summary>The route sends it to a virtual appliance (or a gateway) that is not an Azure Firewall the module read: what it does there is not known.</summary>
    ThroughVirtualAppliance,

    /// <summary>The address is a private endpoint's in a VNet that is neither the client's nor joined to it by a connected peering.</summary>
    VirtualNetworkNotConnected,

    /// <summary>A proxy connects on the client's behalf: its packets go to the proxy, not to the registry.</summary>
    ThroughProxy,

    /// <summary>The client network was not examined, or there was no address to judge (see <see cref="ClientPath.Reason"/>).</summary>
    NotExamined,
}

/// <summary>
/// The client's own network judged for one endpoint test (<c>Test-AcrEndpoint</c> with <c>-ClientSubnetId</c>, or on an
/// Azure VM): the NSG rules that decide its TCP 443 flow, the route it takes and, at an Azure Firewall, the rule that
/// decides the host.
/// </summary>
public sealed class ClientPath
{
    public ClientPathStatus Status { get; init; }

    /// <summary>The subnet examined; null when the client network was not examined.</summary>
    public string? SubnetId { get; init; }

    /// <summary>The rule of each NSG on the path that decides the flow, in the order the packets meet them.</summary>
    public IReadOnlyList<string> SecurityRules { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>The route the packets take, e.g. <c>to-firewall 0.0.0.0/0 -&gt; VirtualAppliance 10.0.2.4</c>.</summary>
    public string? Route { get; init; }
    public RouteNextHopType? NextHopType { get; init; }

    /// <summary>The Azure Firewall at the route's next hop and the rule that decides the host (or its default deny).</summary>
    public string? Firewall { get; init; }

    /// <summary>Why the path is judged so, or why it was not judged.</summary>
    public string Reason { get; init; } = "";

    public override string ToString() => $"{Status}: {Reason}";
}

/// <summary>Whether the client's DNS can see the private DNS zone that holds the registry's private endpoint records.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ZoneLinkStatus
{
    /// <summary>The client's VNet resolves through Azure DNS and a zone holding the registry's records is linked to it.</summary>
    Linked,

    /// <summary>The client's VNet resolves through Azure DNS and no zone holding the registry's records is linked to it: the client gets the public address.</summary>
    NotLinked,

    /// <summary>The client's VNet uses custom DNS servers, each in a VNet a zone is linked to (they must forward to Azure DNS there).</summary>
    DnsServerLinked,

    /// <summary>A custom DNS server of the client's VNet lives in a VNet no zone holding the registry's records is linked to.</summary>
    DnsServerNotLinked,

    /// <summary>A custom DNS server lives in no VNet the client's VNet knows (on premises, or across a gateway): what it sees is not known.</summary>
    DnsServerElsewhere,

    /// <summary>The registry's configuration names no private DNS zone (no private endpoint, or its DNS is managed elsewhere).</summary>
    NoPrivateDnsZone,

    /// <summary>The client network or the registry's configuration could not be read (see <see cref="ClientZoneLink.Reason"/>).</summary>
    NotExamined,
}

/// <summary>
/// The client's VNet and DNS servers judged against the registry's private DNS zones (<c>Resolve-AcrPrivateDns</c> with
/// <c>-ClientSubnetId</c>, or on an Azure VM): which zone, which VNet, and whether the answers the client gets can come from the zone.
/// </summary>
public sealed class ClientZoneLink
{
    public ZoneLinkStatus Status { get; init; }

    /// <summary>The zone judged, e.g. <c>privatelink.azurecr.io</c>; null when there is none.</summary>
    public string? Zone { get; init; }
    public string? ZoneId { get; init; }

    /// <summary>The client's VNet; null when the client network was not examined.</summary>
    public string? VirtualNetworkId { get; init; }

    /// <summary>The VNet's custom DNS servers (<c>dhcpOptions.dnsServers</c>); empty for Azure DNS.</summary>
    public IReadOnlyList<string> DnsServers { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>Why the link is judged so, or why it was not judged.</summary>
    public string Reason { get; init; } = "";

    public override string ToString() => $"{Status}: {Reason}";
}
