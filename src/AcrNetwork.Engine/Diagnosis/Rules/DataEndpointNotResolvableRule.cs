namespace AcrNetwork;

/// <summary>A data endpoint does not resolve while the registry does: layers cannot be fetched from that region.</summary>
internal sealed class DataEndpointNotResolvableRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.SystemDns().Any(d => d.Role == EndpointPurpose.Rest && d.Status == DnsStatus.Resolved))
        {
            yield break;
        }

        // A private endpoint's record missing from the private link zone is its own finding.
        var failing = o.SystemDns()
            .Where(d => d.Role == EndpointPurpose.Data && d.Status != DnsStatus.Resolved)
            .Where(d => !(o.HasPrivateEndpoint() && d.PrivateEndpointMatch == PrivateEndpointMatch.Missing))
            .ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        int dataNames = o.SystemDns().Count(d => d.Role == EndpointPurpose.Data);
        string regions = string.Join(", ", failing.Select(d => d.Region));
        yield return FindingCatalog.Create(
            FindingCode.DataEndpointNotResolvable,
            string.Join(", ", failing.Select(d => d.Fqdn)),
            $"The data endpoint of {regions} does not resolve, while {o.LoginServer} does: pulls served from {regions} fail after login.",
            failing.Select(Facts.Evidence),
            $"The client's DNS must resolve {string.Join(", ", failing.Select(d => d.Fqdn))}. A conditional forwarder or private zone for "
            + $"{o.Environment.ContainerRegistryEndpointSuffix} must also cover the data endpoints (<registry>.<region>.data.{o.Environment.ContainerRegistryEndpointSuffix}); "
            + "with a private endpoint, the private link zone needs an A record per replica region.",
            failing.Count == dataNames ? FindingScope.AllPulls : FindingScope.SomePulls);
    }
}
