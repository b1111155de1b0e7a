using System.Net;

namespace AcrNetwork;

/// <summary>
/// The client's network judged for one answer at a time, as Resolve-AcrPrivateDns and Test-AcrEndpoint show it: the
/// same evaluators the diagnosis rules use, summed up per DNS answer (<see cref="ClientZoneLink"/>) and per endpoint
/// test (<see cref="ClientPath"/>).
/// </summary>
internal static class ClientNetworkJudgement
{
    /// <summary>What the client's NSGs, route and firewall do to the test's TCP 443 flow.</summary>
    public static ClientPath PathOf(ClientNetworkExamination network, RegistryNetworkConfig? config, EndpointTest test)
    {
        if (network is not { Subnet: { } subnet, VirtualNetwork: { } virtualNetwork })
        {
            return new ClientPath { Status = ClientPathStatus.NotExamined, Reason = $"the client network was {network}" };
        }

        if (test.Proxy is not null)
        {
            return new ClientPath
            {
                Status = ClientPathStatus.ThroughProxy,
                SubnetId = subnet.ResourceId,
                Reason = $"the proxy {test.Proxy} connects on the client's behalf: the client's packets go to the proxy, not to {test.Fqdn}.",
            };
        }

        if (ClientPathEvaluator.Evaluate(network, [test]) is not [var decision])
        {
            return new ClientPath { Status = ClientPathStatus.NotExamined, SubnetId = subnet.ResourceId, Reason = $"no address of {test.Fqdn} was resolved to judge." };
        }

        string unreachedEndpoint = config?.PrivateEndpoints
            .Where(endpoint => endpoint.SubnetId is not null && endpoint.Addresses.Any(a => IPAddress.TryParse(a.IPAddress, out IPAddress? address) && address.Equals(decision.Flow.Destination)))
            .FirstOrDefault(endpoint => !VirtualNetworkReach.Reaches(virtualNetwork, ClientSubnet.VirtualNetworkOf(endpoint.SubnetId!)))?.SubnetId ?? "";
        (ClientPathStatus status, string reason) = decision switch
        {
            { NsgDenial: { } denial } => (ClientPathStatus.DeniedByNetworkSecurityGroup, $"{denial}."),
            { Route: { NextHopType: RouteNextHopType.None, IsUserDefined: true } } => (ClientPathStatus.DroppedByRoute, $"route {decision.Route} drops it."),
            { Firewall: { Allowed: false } firewall } => (ClientPathStatus.DeniedByFirewall, $"route {decision.Route} sends it to {firewall}."),
            _ when unreachedEndpoint.Length > 0 => (ClientPathStatus.VirtualNetworkNotConnected,
                $"{decision.Flow.Destination} is a private endpoint's in VNet {ClientNetworkFacts.NameOf(ClientSubnet.VirtualNetworkOf(unreachedEndpoint))}, which the client's VNet {virtualNetwork.Name} neither is nor peers with (connected)."),
            { Route.NextHopType: RouteNextHopType.None } => (ClientPathStatus.DroppedByRoute, $"route {decision.Route} drops it."),
            { Denial: { } defaultDenial } => (ClientPathStatus.DeniedByNetworkSecurityGroup, $"{defaultDenial}: {decision.Flow.Destination} is in no VNet the client's VNet {virtualNetwork.Name} reaches."),
            { Firewall: null, Route.NextHopType: RouteNextHopType.VirtualAppliance or RouteNextHopType.VirtualNetworkGateway } =>
                (ClientPathStatus.ThroughVirtualAppliance, $"route {decision.Route} sends it to an appliance that is not an Azure Firewall the module read: what it does there is not known."),
            _ => (ClientPathStatus.Allowed, $"every NSG on the path allows it, and route {decision.Route} {(decision.Firewall is { } allowing ? $"sends it to {allowing}" : "delivers it")}."),
        };
        return new ClientPath
        {
            Status = status,
            SubnetId = subnet.ResourceId,
            SecurityRules = decision.Security.Select(s => s.ToString()).ToList(),
            Route = decision.Route.ToString(),
            NextHopType = decision.Route.NextHopType,
            Firewall = decision.Firewall?.ToString(),
            Reason = $"{ClientNetworkFacts.Describe(subnet)} to {decision.Flow.Destination}:{decision.Flow.Port}: {reason}",
        };
    }

    /// <summary>Whether the client's DNS, Azure DNS in its VNet or its custom DNS servers, can see a zone holding the registry's records.</summary>
    public static ClientZoneLink ZoneLinkOf(ClientNetworkExamination network, RegistryNetworkConfig? config, string? configUnread)
    {
        if (network is not { VirtualNetwork: { } virtualNetwork })
        {
            return new ClientZoneLink { Status = ZoneLinkStatus.NotExamined, Reason = $"the client network was {network}" };
        }

        if (config is null)
        {
            return new ClientZoneLink
            {
                Status = ZoneLinkStatus.NotExamined,
                VirtualNetworkId = virtualNetwork.ResourceId,
                DnsServers = virtualNetwork.DnsServers,
                Reason = $"the registry's configuration, which names its private DNS zones, was not read: {configUnread}",
            };
        }

        if (config.PrivateDnsZones.Count == 0)
        {
            return new ClientZoneLink
            {
                Status = ZoneLinkStatus.NoPrivateDnsZone,
                VirtualNetworkId = virtualNetwork.ResourceId,
                DnsServers = virtualNetwork.DnsServers,
                Reason = config.PrivateEndpoints.Count == 0
                    ? $"{config.Name} has no private endpoint: its names resolve publicly everywhere."
                    : $"no DNS zone group of {config.Name}'s private endpoints names a private DNS zone: the records live where the zone group does not say (a custom DNS server, hosts files).",
            };
        }

        PrivateDnsZone linked = config.PrivateDnsZones.FirstOrDefault(zone => VirtualNetworkReach.IsLinked(zone, virtualNetwork.ResourceId)) ?? config.PrivateDnsZones[0];
        (ZoneLinkStatus status, PrivateDnsZone zone, string reason) = JudgeLink(virtualNetwork, config.PrivateDnsZones, linked);
        return new ClientZoneLink
        {
            Status = status,
            Zone = zone.Name,
            ZoneId = zone.ResourceId,
            VirtualNetworkId = virtualNetwork.ResourceId,
            DnsServers = virtualNetwork.DnsServers,
            Reason = reason,
        };
    }

    private static (ZoneLinkStatus, PrivateDnsZone, string) JudgeLink(VirtualNetwork network, IReadOnlyList<PrivateDnsZone> zones, PrivateDnsZone linked)
    {
        if (network.DnsServers.Count == 0)
        {
            return VirtualNetworkReach.IsLinked(linked, network.ResourceId)
                ? (ZoneLinkStatus.Linked, linked, $"VNet {network.Name} resolves through Azure DNS and zone {linked.Name} is linked to it.")
                : (ZoneLinkStatus.NotLinked, linked, $"VNet {network.Name} resolves through Azure DNS, and no zone holding the registry's records is linked to it: {ClientNetworkFacts.Describe(linked)}");
        }

        var servers = VirtualNetworkReach.DnsServersByVirtualNetwork(network);
        var blind = servers.Where(s => s.VirtualNetworkId is not null && !zones.Any(zone => VirtualNetworkReach.IsLinked(zone, s.VirtualNetworkId))).ToList();
        if (blind is [var server, ..])
        {
            return (ZoneLinkStatus.DnsServerNotLinked, zones[0],
                $"VNet {network.Name} uses the DNS server {server.Server}, which lives in VNet {ClientNetworkFacts.NameOf(server.VirtualNetworkId!)}, and no zone holding the registry's records is linked there: {ClientNetworkFacts.Describe(zones[0])}");
        }

        if (servers.Where(s => s.VirtualNetworkId is null).Select(s => s.Server).FirstOrDefault() is { } elsewhere)
        {
            return (ZoneLinkStatus.DnsServerElsewhere, linked,
                $"VNet {network.Name} uses the DNS server {elsewhere}, which is in no VNet {network.Name} knows (its own or a peered one): it must forward {linked.Name.Replace("privatelink.", "", StringComparison.OrdinalIgnoreCase)} to Azure DNS in a VNet linked to {linked.Name}.");
        }

        PrivateDnsZone seen = zones.FirstOrDefault(zone => servers.All(s => VirtualNetworkReach.IsLinked(zone, s.VirtualNetworkId!)))
            ?? zones.First(zone => VirtualNetworkReach.IsLinked(zone, servers[0].VirtualNetworkId!));
        return (ZoneLinkStatus.DnsServerLinked, seen,
            $"VNet {network.Name} uses the DNS servers {string.Join(", ", network.DnsServers)}, in VNets zone {seen.Name} is linked to: they see it when they forward to Azure DNS (168.63.129.16).");
    }
}
