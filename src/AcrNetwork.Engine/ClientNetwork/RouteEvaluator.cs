using System.Net;

namespace AcrNetwork;

/// <summary>
/// The route a subnet's packets to an address take, as Azure picks it: the longest matching prefix; on equal
/// prefixes a user-defined route wins over a system route. System routes: the VNet's address space (VnetLocal), each
/// connected peering's address space (VNetPeering) and the default route to the Internet. A route whose prefix is a
/// service tag matches the addresses in that tag and loses to any explicit prefix.
/// </summary>
internal static class RouteEvaluator
{
    /// <summary>
    /// The route of the client's flow: from ARM's effective routes of its NIC when they were read (every system, peering,
    /// gateway and user route already there; a destination none matches is dropped), else from the route table and VNet.
    /// </summary>
    public static Route Select(ClientNetworkExamination network, NetworkFlow flow) =>
        network.EffectiveRoutes is { } effective
            ? Longest(effective, flow) ?? new Route { Name = "no effective route", AddressPrefix = flow.Destination.ToString(), NextHopType = RouteNextHopType.None, IsUserDefined = false }
            : Select(network.RouteTable, network.VirtualNetwork, flow);

    public static Route Select(RouteTable? table, VirtualNetwork? network, NetworkFlow flow)
    {
        var candidates = new List<Route>(table?.Routes ?? []);
        if (network is not null)
        {
            candidates.AddRange(network.AddressPrefixes.Select(prefix => SystemRoute("VirtualNetwork", prefix, RouteNextHopType.VnetLocal)));
            candidates.AddRange(network.Peerings.Where(p => p.IsConnected).SelectMany(p =>
                p.RemoteAddressPrefixes.Select(prefix => SystemRoute($"Peering {p.Name}", prefix, RouteNextHopType.VNetPeering))));
        }

        candidates.Add(SystemRoute("Default", flow.Destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0", RouteNextHopType.Internet));
        return Longest(candidates, flow)!;
    }

    private static Route? Longest(IEnumerable<Route> routes, NetworkFlow flow) =>
        routes
            .Select(route => (Route: route, Length: MatchLength(route.AddressPrefix, flow)))
            .Where(match => match.Length is not null)
            .OrderByDescending(match => match.Length)
            .ThenByDescending(match => match.Route.IsUserDefined)
            .Select(match => match.Route)
            .FirstOrDefault();

    /// <summary>The prefix length a route's prefix matches the destination with; a service tag counts as just above 0; null when it does not match.</summary>
    private static double? MatchLength(string prefix, NetworkFlow flow)
    {
        if (IPNetwork.TryParse(prefix, out IPNetwork network))
        {
            return network.BaseAddress.AddressFamily == flow.Destination.AddressFamily && network.Contains(flow.Destination) ? network.PrefixLength : null;
        }

        if (IPAddress.TryParse(prefix, out IPAddress? single))
        {
            return single.Equals(flow.Destination) ? 128 : null;
        }

        return flow.DestinationTags.Contains(prefix.Trim(), StringComparer.OrdinalIgnoreCase) ? 0.5 : null;
    }

    private static Route SystemRoute(string name, string prefix, RouteNextHopType nextHop) =>
        new() { Name = name, AddressPrefix = prefix, NextHopType = nextHop, IsUserDefined = false };
}
