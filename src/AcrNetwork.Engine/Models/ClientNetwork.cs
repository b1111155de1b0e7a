namespace AcrNetwork;

/// <summary>How the diagnosis learned which subnet the client runs in.</summary>
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
public sealed class ClientNetworkExamination
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
    public IReadOnlyList<UnreadResource> UnreadResources { get; init; } = [];

    public bool Examined => Subnet is not null;

    public static ClientNetworkExamination NotExamined(string reason) => new() { Source = ClientSubnetSource.None, Reason = reason };

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
public enum NetworkSecurityGroupScope
{
    Subnet,
    NetworkInterface,
}

public sealed class NetworkSecurityGroup
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";
    public NetworkSecurityGroupScope AppliedTo { get; init; }

    /// <summary>The NSG's own rules and its default rules (<see cref="SecurityRule.IsDefault"/>).</summary>
    public IReadOnlyList<SecurityRule> Rules { get; init; } = [];
    public override string ToString() => Name;
}

public enum SecurityRuleDirection
{
    Inbound,
    Outbound,
}

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
