namespace AcrNetwork;

/// <summary>
/// The private link zone (or the resolver) lacks the A record for the registry or a region's data endpoint:
/// seen as a name the client cannot resolve, or as a record the zone in ARM does not hold.
/// </summary>
internal sealed class PrivateDnsRecordMissingRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { PrivateEndpoints.Count: > 0 } config)
        {
            yield break;
        }

        var unresolved = o.SystemDns()
            .Where(d => d.Role != EndpointPurpose.Storage && d.PrivateEndpointMatch == PrivateEndpointMatch.Missing)
            .ToList();
        var evidence = unresolved.Select(Facts.Evidence).ToList();
        var targets = unresolved.Select(d => d.Fqdn).ToList();

        // The zone as ARM shows it: one record for the registry and one per region's data endpoint.
        var zoneRecords = config.PrivateDnsZones.SelectMany(z => z.Records).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (config.PrivateDnsZones.Count > 0)
        {
            var needed = new List<string> { config.Name };
            if (config.DataEndpointEnabled)
            {
                needed.AddRange(config.Regions.Select(region => $"{config.Name}.{region}.data"));
            }

            foreach (string record in needed.Where(r => !zoneRecords.Contains(r)))
            {
                evidence.Add($"The zone {string.Join(", ", config.PrivateDnsZones.Select(z => z.Name))} has no A record '{record}' (ARM).");
                targets.Add($"{record}.{o.Environment.ContainerRegistryEndpointSuffix}");
            }
        }

        if (targets.Count == 0)
        {
            yield break;
        }

        bool registryMissing = targets.Any(t => t.Equals(o.LoginServer, StringComparison.OrdinalIgnoreCase));
        FindingScope scope = registryMissing ? FindingScope.AllPulls
            : unresolved.Count > 0 ? FindingScope.SomePulls
            : FindingScope.Registry;
        string zone = o.Environment.PrivateLinkZone;
        yield return FindingCatalog.Create(
            FindingCode.PrivateDnsRecordMissing,
            string.Join(", ", targets.Distinct(StringComparer.OrdinalIgnoreCase)),
            $"The private link zone has no record for {string.Join(", ", targets.Distinct(StringComparer.OrdinalIgnoreCase))}.",
            evidence,
            $"Add the missing A records to '{zone}' with the private endpoint's addresses (az network private-dns record-set a add-record -g <zone resource group> "
            + $"-z {zone} -n <record> -a <private IP>), or attach a DNS zone group to the private endpoint so Azure keeps them "
            + $"(az network private-endpoint dns-zone-group create --endpoint-name <endpoint> -g <resource group> -n default --private-dns-zone {zone} --zone-name acr). "
            + "A replica added after the private endpoint needs its data endpoint's record.",
            scope);
    }
}
