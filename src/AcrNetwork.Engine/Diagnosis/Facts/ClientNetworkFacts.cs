namespace AcrNetwork;

/// <summary>The questions rules ask of the client's own network in Azure.</summary>
internal static class ClientNetworkFacts
{
    /// <summary>What the client's NSGs and routes do to each direct connection of its path; empty when its network was not examined.</summary>
    public static IReadOnlyList<ClientPathDecision> ClientPathDecisions(this DiagnosisObservations o) =>
        ClientPathEvaluator.Evaluate(o.ClientNetwork, o.ClientPath());

    /// <summary>The client's subnet and VNet, when both were read.</summary>
    public static bool TryGetClientNetwork(this DiagnosisObservations o, out ClientSubnet subnet, out VirtualNetwork network)
    {
        subnet = o.ClientNetwork.Subnet!;
        network = o.ClientNetwork.VirtualNetwork!;
        return subnet is not null && network is not null;
    }

    /// <summary>The system resolver gave something other than a private address for a name (a public one, or none).</summary>
    public static bool ResolvesOutsidePrivateLink(this DiagnosisObservations o) => o.SystemDns().Any(d => d.IsPrivate != true);

    public static string Describe(ClientSubnet subnet) => $"subnet {subnet.Name} ({string.Join(", ", subnet.AddressPrefixes)})";

    public static string Describe(PrivateDnsZone zone) =>
        $"Private DNS zone {zone.Name} ({zone.ResourceId}) is linked to {(zone.VirtualNetworkLinks.Count == 0 ? "no VNet" : string.Join(", ", zone.VirtualNetworkLinks.Select(l => $"{AzureResourceId.Parse(l.VirtualNetworkId).Name} ({l.VirtualNetworkId})")))} (ARM).";

    /// <summary>What sends the client's packets by a route, as evidence: its route table, or ARM's effective routes of its NIC when they decided.</summary>
    public static string RoutesSendIt(ClientNetworkExamination network) => network.EffectiveRoutes is null
        ? $"route table {network.RouteTable?.Name ?? "(none)"} sends it"
        : $"the effective routes of the client's network interface{(network.RouteTable is { } table ? $" (route table {table.Name} among them)" : "")} send it";

    public static string NameOf(string resourceId) => AzureResourceId.Parse(resourceId).Name ?? resourceId;

    public static string ResourceGroupOf(string resourceId) => AzureResourceId.Parse(resourceId).ResourceGroupName ?? "<resource group>";
}
