namespace AcrNetwork;

/// <summary>The name resolves to a private address but TCP 443 to it fails (no route, peering, NSG, UDR): "host is not reachable".</summary>
internal sealed class PrivateEndpointUnreachableRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var failing = o.ClientPath().Where(t => t.IsPrivate == true && t.FailedStage == PullStage.Tcp).ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        var addresses = failing.Select(t => t.Address).Distinct().ToList();
        yield return o.FindingAbout(
            FindingCode.PrivateEndpointUnreachable,
            failing,
            $"{o.TargetOf(failing)} resolve{(failing.Count == 1 ? "s" : "")} to the private address{(addresses.Count == 1 ? "" : "es")} {string.Join(", ", addresses)}, but TCP 443 to {(addresses.Count == 1 ? "it" : "them")} fails.",
            $"Route and allow TCP 443 from this client to {string.Join(", ", addresses)}: peer the client's VNet with the private endpoint's VNet "
            + "(or advertise its subnet over VPN/ExpressRoute), allow 443 in the NSGs of both subnets, and let any UDR's firewall pass it. "
            + "Check that the private endpoint's connection is Approved (az acr private-endpoint-connection list -r <registry>).",
            o.ScopeOf(failing));
    }
}
