namespace AcrNetwork;

/// <summary>
/// A user-defined route of the client's subnet drops registry traffic (next hop None), or sends it to an appliance or a
/// gateway that does not pass it (the connection is cut off on the way). An Azure Firewall whose rules deny the host is
/// AzureFirewallDeniesRegistry's to name.
/// </summary>
internal sealed class RouteDivertsRegistryTrafficRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var diverted = o.ClientPathDecisions()
            .Where(d => d.Route.IsUserDefined && d.Denial is null && d.Firewall is not { Allowed: false }
                && (d.Route.NextHopType == RouteNextHopType.None
                    || (d.Route.NextHopType is RouteNextHopType.VirtualAppliance or RouteNextHopType.VirtualNetworkGateway && Facts.IsCutOff(d.Test))))
            .ToList();
        if (diverted.Count == 0 || o.ClientNetwork.RouteTable is not { } table)
        {
            yield break;
        }

        var tests = diverted.Select(d => d.Test).ToList();
        var evidence = diverted.Select(d => $"{d.Test.Fqdn} ({d.Test.Role}, {d.Flow.Destination}): {ClientNetworkFacts.RoutesSendIt(o.ClientNetwork)} by route {d.Route}.").ToList();
        evidence.AddRange(tests.Where(t => t.Status == EndpointStatus.Failed).Select(Facts.Evidence));
        var routes = diverted.Select(d => d.Route).Distinct().ToList();
        string what = string.Join("; ", routes.Select(r => r.NextHopType == RouteNextHopType.None
            ? $"route {r.Name} ({r.AddressPrefix}) drops the traffic (next hop None)"
            : $"route {r.Name} ({r.AddressPrefix}) sends it to {r.NextHopType}{(r.NextHopIpAddress is null ? "" : $" {r.NextHopIpAddress}")}, which does not pass it"));
        string group = ClientNetworkFacts.ResourceGroupOf(table.ResourceId);
        yield return FindingCatalog.Create(
            FindingCode.RouteDivertsRegistryTraffic,
            o.TargetOf(tests),
            $"The client subnet's route table {table.Name}: {what} ({string.Join(", ", diverted.Select(d => d.Flow.Destination.ToString()).Distinct())}).",
            evidence,
            $"Change route table {table.Name} (resource group {group}): let the appliance or firewall at the next hop allow TCP 443 to the registry's hosts, "
            + $"or add a more specific route for the registry's addresses (az network route-table route create -g {group} --route-table-name {table.Name} "
            + "--address-prefix <registry address>/32 --next-hop-type VnetLocal for a private endpoint, or --address-prefix AzureContainerRegistry --next-hop-type Internet).",
            o.ScopeOf(tests));
    }
}
