namespace AcrNetwork;

/// <summary>
/// The client's VNet uses custom DNS servers, and a server lives in a VNet (the client's own or a peered one) that no
/// private DNS zone holding the registry's records is linked to: it forwards to Azure DNS, which answers publicly there.
/// </summary>
internal sealed class CustomDnsServerCannotSeeZoneRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.PrivateEndpointDnsNotUsed];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.TryGetClientNetwork(out _, out VirtualNetwork network) || network.DnsServers.Count == 0 || o.Config is not { PrivateDnsZones.Count: > 0 } config)
        {
            yield break;
        }

        var blind = VirtualNetworkReach.DnsServersByVirtualNetwork(network)
            .Select(s => (s.Server, Network: s.VirtualNetworkId))
            .Where(s => s.Network is not null && !config.PrivateDnsZones.Any(zone => VirtualNetworkReach.IsLinked(zone, s.Network)))
            .ToList();
        if (blind.Count == 0)
        {
            yield break;
        }

        var evidence = new List<string> { $"The client's VNet {network.Name} uses the DNS servers {string.Join(", ", network.DnsServers)} (dhcpOptions, ARM)." };
        evidence.AddRange(blind.Select(s => $"DNS server {s.Server} is in VNet {ClientNetworkFacts.NameOf(s.Network!)} ({s.Network})."));
        evidence.AddRange(config.PrivateDnsZones.Select(ClientNetworkFacts.Describe));
        evidence.AddRange(o.SystemDns().Where(d => d.IsPrivate != true).Select(Facts.Evidence));
        PrivateDnsZone zone = config.PrivateDnsZones[0];
        string group = ClientNetworkFacts.ResourceGroupOf(zone.ResourceId);
        string serverNetwork = blind[0].Network!;
        string serverNetworkName = ClientNetworkFacts.NameOf(serverNetwork);
        yield return FindingCatalog.Create(
            FindingCode.CustomDnsServerCannotSeeZone,
            string.Join(", ", blind.Select(s => s.Server)),
            $"The client's DNS server{(blind.Count == 1 ? "" : "s")} {string.Join(", ", blind.Select(s => s.Server))} live{(blind.Count == 1 ? "s" : "")} in VNet {serverNetworkName}, which is not linked to the private DNS zone {zone.Name}: "
            + "forwarded to Azure DNS there, the registry's names resolve to public addresses.",
            evidence,
            $"Link zone {zone.Name} (resource group {group}) to the DNS server's VNet {serverNetworkName}: az network private-dns link vnet create -g {group} -z {zone.Name} -n {serverNetworkName}-link "
            + $"--virtual-network {serverNetwork} --registration-enabled false. Make sure the server forwards {zone.Name.Replace("privatelink.", "", StringComparison.OrdinalIgnoreCase)} to Azure DNS (168.63.129.16).",
            o.ResolvesOutsidePrivateLink() ? FindingScope.AllPulls : FindingScope.Registry,
            o.ResolvesOutsidePrivateLink() ? null : PullStage.Configuration);
    }
}
