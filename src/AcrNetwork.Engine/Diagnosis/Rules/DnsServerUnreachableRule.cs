namespace AcrNetwork;

/// <summary>No resolver answers for the login server: timeout, refusal, SERVFAIL or an unreachable server.</summary>
internal sealed class DnsServerUnreachableRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        DnsResolution? rest = o.SystemDns().FirstOrDefault(d => d.Role == EndpointPurpose.Rest
            && d.Status is DnsStatus.Timeout or DnsStatus.ServerFailure or DnsStatus.Refused or DnsStatus.Unreachable or DnsStatus.Malformed or DnsStatus.Failed);
        if (rest is null)
        {
            yield break;
        }

        var evidence = new List<string> { Facts.Evidence(rest) };
        evidence.AddRange(o.Dns.Where(d => d.Fqdn == rest.Fqdn && d.Resolver != NameResolver.SystemName).Select(Facts.Evidence));
        yield return FindingCatalog.Create(
            FindingCode.DnsServerUnreachable,
            rest.Fqdn,
            $"The client's DNS gives no answer for {rest.Fqdn} ({rest.Status}).",
            evidence,
            "Check the DNS servers this machine uses (/etc/resolv.conf, the network adapter, the VNet's DNS servers) and allow UDP and TCP 53 to them. "
            + "A custom DNS server must forward to Azure DNS (168.63.129.16, reachable from inside Azure only) or, outside Azure, to a resolver that can reach it "
            + "(Azure DNS Private Resolver's inbound endpoint).");
    }
}
