namespace AcrNetwork;

/// <summary>The client's egress IP as ACR saw it matches no IP rule and the default action is Deny.</summary>
internal sealed class ClientIpNotAllowedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.RegistryFirewallDeniedClient];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { DefaultAction: NetworkRuleAction.Deny } config || config.PublicNetworkAccess == PublicNetworkAccess.Disabled)
        {
            yield break;
        }

        var denied = o.Denied();
        string? ip = o.ReportedClientIp();
        if (denied.Count == 0 || ip is null || config.IpRules.Any(rule => Facts.Contains(rule, ip)))
        {
            yield break;
        }

        var evidence = denied.Select(Facts.Evidence).ToList();
        evidence.Add($"ARM: default action Deny; IP rules [{string.Join(", ", config.IpRules)}] do not contain {ip}; {config.VirtualNetworkRules.Count} VNet rule(s).");
        if (denied.Any(t => t.Proxy is not null))
        {
            evidence.Add($"This client goes through the proxy {denied.First(t => t.Proxy is not null).Proxy}: {ip} is the proxy's egress address.");
        }

        string fix = o.Client.EgressControllable
            ? $"Add the client's egress address (or its range) to the registry's IP rules: az acr network-rule add -n {config.Name} --ip-address {ip}."
            : $"This client's egress address belongs to Microsoft ({o.Client.HostKind}) and changes: run from a machine or Hybrid Worker with a fixed egress address, then allow that one.";
        yield return FindingCatalog.Create(
            FindingCode.ClientIpNotAllowed,
            o.TargetOf(denied),
            $"ACR sees this client as {ip}, which none of the registry's IP rules allow, and the default action is Deny.",
            evidence,
            fix + " Use the address ACR reports, not the machine's own: NAT, a proxy or a firewall may change it.",
            o.ScopeOf(denied));
    }
}
