namespace AcrNetwork;

/// <summary>The login server does not exist in DNS (NXDOMAIN or no address): a typo, the wrong cloud suffix, a deleted registry.</summary>
internal sealed class DnsNameNotFoundRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        DnsResolution? rest = o.SystemDns().FirstOrDefault(d => d.Role == EndpointPurpose.Rest && d.Status is DnsStatus.NameNotFound or DnsStatus.NoRecord);
        // With a private endpoint, an alias into the private link zone that leads nowhere is a missing private record.
        if (rest is null || (o.HasPrivateEndpoint() && rest.PrivateEndpointMatch == PrivateEndpointMatch.Missing && rest.CnameChain.Count > 0))
        {
            yield break;
        }

        var evidence = new List<string> { Facts.Evidence(rest) };
        string remediation = $"Check the registry name and the cloud: the login server is <name>.{o.Environment.ContainerRegistryEndpointSuffix} "
            + $"(az acr show -n {o.Name()} --query loginServer). A deleted registry must be recreated before anything can pull from it.";
        if (o.Config is not null)
        {
            evidence.Add($"ARM knows the registry ({o.Config.ResourceId ?? o.Config.Name}), so something between this client and Azure DNS answers for the name.");
            remediation = $"The registry exists, but this client's DNS does not know {rest.Fqdn}: find the zone, forwarder or hosts entry that answers for "
                + $"{o.Environment.ContainerRegistryEndpointSuffix} instead of Azure DNS (a private zone named '{o.Environment.ContainerRegistryEndpointSuffix}' shadows every registry), and remove it.";
        }
        else if (o.ConfigurationFailure is { Failure: ArmFailure.NotFound } failure)
        {
            evidence.Add($"ARM: {failure.Message}");
        }

        yield return FindingCatalog.Create(
            FindingCode.DnsNameNotFound,
            rest.Fqdn,
            $"{rest.Fqdn} does not resolve: {(rest.Status == DnsStatus.NameNotFound ? "the name does not exist (NXDOMAIN)" : "the name has no address")}.",
            evidence,
            remediation);
    }
}
