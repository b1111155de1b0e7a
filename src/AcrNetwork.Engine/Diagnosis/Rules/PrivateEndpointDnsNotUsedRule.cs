namespace AcrNetwork;

/// <summary>
/// The registry has a private endpoint, but the client resolves the public address and the public path fails
/// (typically 403 DENIED): its DNS does not use the private link zone.
/// </summary>
internal sealed class PrivateEndpointDnsNotUsedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.RegistryFirewallDeniedClient, FindingCode.DnsResolversDisagree];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.HasPrivateEndpoint())
        {
            yield break;
        }

        // Behind a proxy the proxy resolves the name: a refusal then says it resolved the public address.
        var failing = o.ClientPath()
            .Where(t => t.Role != EndpointPurpose.Storage && t.Status == EndpointStatus.Failed && t.FailedStage != PullStage.Dns)
            .Where(t => t.Address is not null ? t.IsPrivate == false : Facts.IsDenied(t))
            .ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        var evidence = new List<string>();
        foreach (EndpointTest test in failing)
        {
            evidence.AddRange(o.SystemDns().Where(d => d.Fqdn == test.Fqdn).Select(Facts.Evidence));
            evidence.Add(Facts.Evidence(test));
        }

        var expected = failing.Select(t => o.PrivateEndpointAddressFor(t.Fqdn)).OfType<PrivateEndpointAddress>()
            .Select(a => $"{a.Fqdn} = {a.IPAddress}")
            .Distinct()
            .ToList();
        if (expected.Count > 0)
        {
            evidence.Add($"The private endpoint's addresses (ARM): {string.Join("; ", expected)}.");
        }

        string zone = o.Environment.PrivateLinkZone;
        yield return FindingCatalog.Create(
            FindingCode.PrivateEndpointDnsNotUsed,
            o.TargetOf(failing),
            $"{o.LoginServer} has a private endpoint, but this client resolves its public address and the public path fails.",
            evidence,
            $"Resolve the registry through the private link zone: link the '{zone}' private DNS zone to the client's VNet "
            + $"(az network private-dns link vnet create -g <zone resource group> -z {zone} -n <link name> -v <client VNet id> -e false), "
            + $"or make the custom DNS server forward '{zone}' to Azure DNS 168.63.129.16; from on-premises, forward it to a DNS Private Resolver inbound endpoint. "
            + "Check no hosts file entry pins the public address.",
            o.ScopeOf(failing));
    }
}
