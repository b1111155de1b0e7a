namespace AcrNetwork;

/// <summary>The client's VNet resolves through Azure DNS, and no private DNS zone holding the registry's records is linked to it.</summary>
internal sealed class PrivateDnsZoneNotLinkedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.PrivateEndpointDnsNotUsed];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.TryGetClientNetwork(out ClientSubnet subnet, out VirtualNetwork network)
            || network.DnsServers.Count > 0
            || o.Config is not { PrivateDnsZones.Count: > 0 } config
            || config.PrivateDnsZones.Any(zone => VirtualNetworkReach.IsLinked(zone, network.ResourceId)))
        {
            yield break;
        }

        var evidence = new List<string> { $"The client's VNet {network.Name} ({network.ResourceId}) resolves through Azure DNS (no custom DNS servers) (ARM)." };
        evidence.AddRange(config.PrivateDnsZones.Select(ClientNetworkFacts.Describe));
        evidence.AddRange(o.SystemDns().Where(d => d.IsPrivate != true).Select(Facts.Evidence));
        PrivateDnsZone zone = config.PrivateDnsZones[0];
        string group = ClientNetworkFacts.ResourceGroupOf(zone.ResourceId);
        yield return FindingCatalog.Create(
            FindingCode.PrivateDnsZoneNotLinked,
            zone.Name,
            $"The private DNS zone {zone.Name} that holds {o.Name()}'s private endpoint records is not linked to the client's VNet {network.Name} ({ClientNetworkFacts.Describe(subnet)}), so the client resolves the registry's public address.",
            evidence,
            $"Link zone {zone.Name} (resource group {group}) to VNet {network.Name}: az network private-dns link vnet create -g {group} -z {zone.Name} -n {network.Name}-link "
            + $"--virtual-network {network.ResourceId} --registration-enabled false.",
            o.ResolvesOutsidePrivateLink() ? FindingScope.AllPulls : FindingScope.Registry,
            o.ResolvesOutsidePrivateLink() ? null : PullStage.Configuration);
    }
}
