using System.Net;

namespace AcrNetwork;

/// <summary>Which VNets see a private DNS zone, and which VNets the client's VNet reaches.</summary>
internal static class VirtualNetworkReach
{
    /// <summary>The same VNet, or one joined to it by a connected peering that allows VNet access.</summary>
    public static bool Reaches(VirtualNetwork network, string virtualNetworkId) =>
        SameResource(network.ResourceId, virtualNetworkId)
        || network.Peerings.Any(peering => peering.IsConnected && SameResource(peering.RemoteVirtualNetworkId, virtualNetworkId));

    public static bool IsLinked(PrivateDnsZone zone, string virtualNetworkId) =>
        zone.VirtualNetworkLinks.Any(link => SameResource(link.VirtualNetworkId, virtualNetworkId));

    /// <summary>The VNet an address lives in, as far as the client's VNet knows: its own, or a peered VNet's; null otherwise.</summary>
    public static string? VirtualNetworkOf(VirtualNetwork network, IPAddress address)
    {
        if (network.AddressPrefixes.Any(prefix => ServiceTags.Contains(prefix, address)))
        {
            return network.ResourceId;
        }

        return network.Peerings.FirstOrDefault(peering => peering.RemoteAddressPrefixes.Any(prefix => ServiceTags.Contains(prefix, address)))?.RemoteVirtualNetworkId;
    }

    /// <summary>Each custom DNS server of the VNet with the VNet it lives in (see <see cref="VirtualNetworkOf"/>); null for a server in none the VNet knows.</summary>
    public static IReadOnlyList<(string Server, string? VirtualNetworkId)> DnsServersByVirtualNetwork(VirtualNetwork network) =>
        network.DnsServers
            .Select(server => (server, IPAddress.TryParse(server, out IPAddress? address) ? VirtualNetworkOf(network, address) : null))
            .ToList();

    public static bool SameResource(string? left, string? right) =>
        string.Equals(left?.TrimEnd('/'), right?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
