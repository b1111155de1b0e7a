using System.Net;

namespace AcrNetwork;

/// <summary>What the client's network configuration does to its TCP 443 flow to one endpoint address.</summary>
internal sealed class ClientPathDecision
{
    public EndpointTest Test { get; init; } = null!;
    public NetworkFlow Flow { get; init; } = null!;

    /// <summary>
    /// The decision of each NSG on the path: the client's (subnet first, then NIC) outbound, then the private endpoint
    /// subnet's inbound when the address is a private endpoint's in a subnet whose policies apply NSGs.
    /// </summary>
    public IReadOnlyList<SecurityDecision> Security { get; init; } = [];
    public Route Route { get; init; } = null!;

    /// <summary>What the Azure Firewall at the route's next hop does to the connection; null when the next hop is no Azure Firewall the module read.</summary>
    public FirewallDecision? Firewall { get; init; }

    /// <summary>The first NSG that denies the flow; null when every NSG allows it.</summary>
    public SecurityDecision? Denial => Security.FirstOrDefault(decision => !decision.Allowed);

    /// <summary>
    /// The denial that is the NSG's doing: not the default DenyAllOutBound that a private address outside every VNet the
    /// client reaches meets (the missing route or peering is the cause there); null otherwise.
    /// </summary>
    public SecurityDecision? NsgDenial => Denial is { } denial && !(denial.Rule.IsDefault && Flow.DestinationTags.Count == 0) ? denial : null;

    public override string ToString() =>
        $"{Test.Fqdn} {Flow.Destination}:443: {(Denial is null ? "allowed" : "denied")}, route {Route}{(Firewall is null ? "" : $", firewall {(Firewall.Allowed ? "allows" : "denies")}")}";
}

/// <summary>Applies the client's NSGs and routes to every direct connection the client's path makes to the registry.</summary>
internal static class ClientPathEvaluator
{
    /// <summary>
    /// One decision per endpoint and address the client connects to directly (through a proxy the packets go to the
    /// proxy, not the registry); none when the client network was not examined.
    /// </summary>
    public static IReadOnlyList<ClientPathDecision> Evaluate(ClientNetworkExamination? network, IEnumerable<EndpointTest> tests)
    {
        if (network?.Subnet is not { } subnet)
        {
            return [];
        }

        return tests
            .Where(test => test.Proxy is null && test.Address is not null)
            .DistinctBy(test => (test.Fqdn.ToLowerInvariant(), test.Address))
            .Select(test => (Test: test, Address: IPAddress.TryParse(test.Address, out IPAddress? address) ? address : null))
            .Where(pair => pair.Address is not null)
            .Select(pair =>
            {
                NetworkFlow flow = ServiceTags.FlowTo(subnet, network.VirtualNetwork, pair.Address!, pair.Test.Role, pair.Test.Region);
                Route route = RouteEvaluator.Select(network, flow);
                AzureFirewall? firewall = route.NextHopType == RouteNextHopType.VirtualAppliance
                    ? network.Firewalls.FirstOrDefault(candidate => candidate.PrivateIpAddresses.Contains(route.NextHopIpAddress, StringComparer.OrdinalIgnoreCase))
                    : null;
                return new ClientPathDecision
                {
                    Test = pair.Test,
                    Flow = flow,
                    Security =
                    [
                        .. network.NetworkSecurityGroups
                            .OrderBy(group => group.AppliedTo)
                            .Select(group => SecurityRuleEvaluator.Evaluate(group, SecurityRuleDirection.Outbound, flow)),
                        .. network.PrivateEndpointSubnets
                            .Where(endpoint => endpoint.NetworkSecurityGroup is not null && endpoint.Subnet.AddressPrefixes.Any(prefix => ServiceTags.Contains(prefix, flow.Destination)))
                            .Select(endpoint => SecurityRuleEvaluator.Evaluate(endpoint.NetworkSecurityGroup!, SecurityRuleDirection.Inbound, flow)),
                    ],
                    Route = route,
                    Firewall = firewall is null ? null : AzureFirewallEvaluator.Evaluate(firewall, pair.Test.Fqdn, flow),
                };
            })
            .ToList();
    }
}
