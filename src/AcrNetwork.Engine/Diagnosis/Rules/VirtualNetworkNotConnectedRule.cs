namespace AcrNetwork;

/// <summary>The client's VNet is not the private endpoint's VNet and no connected peering joins them.</summary>
internal sealed class VirtualNetworkNotConnectedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.TryGetClientNetwork(out ClientSubnet subnet, out VirtualNetwork network) || o.Config is not { } config)
        {
            yield break;
        }

        var unreached = config.PrivateEndpoints
            .Where(e => e.SubnetId is not null && !VirtualNetworkReach.Reaches(network, ClientSubnet.VirtualNetworkOf(e.SubnetId)))
            .ToList();
        if (unreached.Count == 0 || unreached.Count < config.PrivateEndpoints.Count(e => e.SubnetId is not null))
        {
            yield break;
        }

        // Only on this client's path when it connects to the private endpoint, or has no other way in.
        var failing = o.ClientPath().Where(t => t.IsPrivate == true && Facts.IsCutOff(t)).ToList();
        if (failing.Count == 0 && config.PublicNetworkAccess != PublicNetworkAccess.Disabled)
        {
            yield break;
        }

        var evidence = unreached.Select(e => $"Private endpoint {e.Name} is in VNet {ClientNetworkFacts.NameOf(ClientSubnet.VirtualNetworkOf(e.SubnetId!))} ({ClientSubnet.VirtualNetworkOf(e.SubnetId!)}) (ARM).").ToList();
        evidence.Add(network.Peerings.Count == 0
            ? $"The client's VNet {network.Name} ({network.ResourceId}) has no peerings (ARM)."
            : $"The client's VNet {network.Name} peers with {string.Join(", ", network.Peerings.Select(p => $"{ClientNetworkFacts.NameOf(p.RemoteVirtualNetworkId)} ({p.PeeringState})"))} (ARM).");
        evidence.AddRange(failing.Select(Facts.Evidence));
        string target = ClientSubnet.VirtualNetworkOf(unreached[0].SubnetId!);
        string group = ClientNetworkFacts.ResourceGroupOf(network.ResourceId);
        yield return FindingCatalog.Create(
            FindingCode.VirtualNetworkNotConnected,
            failing.Count > 0 ? o.TargetOf(failing) : string.Join(", ", unreached.Select(e => e.Name)),
            $"The client's VNet {network.Name} ({ClientNetworkFacts.Describe(subnet)}) does not reach the private endpoint's VNet {ClientNetworkFacts.NameOf(target)}: they are not the same VNet and no connected peering joins them.",
            evidence,
            $"Peer VNet {network.Name} with {ClientNetworkFacts.NameOf(target)} in both directions until each side says Connected: az network vnet peering create -g {group} --vnet-name {network.Name} "
            + $"-n to-{ClientNetworkFacts.NameOf(target)} --remote-vnet {target} --allow-vnet-access, and the same from the other side; or put a private endpoint in the client's VNet.",
            failing.Count > 0 ? o.ScopeOf(failing) : FindingScope.AllPulls);
    }
}
