namespace AcrNetwork;

/// <summary>A name resolves to a private address that is not the private endpoint's (a stale record, or another endpoint overwrote a shared zone).</summary>
internal sealed class PrivateDnsRecordMismatchRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (!o.HasPrivateEndpoint())
        {
            yield break;
        }

        var wrong = o.SystemDns().Where(d => d.PrivateEndpointMatch == PrivateEndpointMatch.OtherPrivateAddress).ToList();
        var evidence = wrong.Select(d => $"{Facts.Evidence(d)} The private endpoint's address is {d.ExpectedAddress}.").ToList();
        var targets = wrong.Select(d => d.Fqdn).ToList();

        // The zone's records against the endpoint's NIC, both as ARM shows them.
        foreach (PrivateDnsRecord record in o.Config!.PrivateDnsZones.SelectMany(z => z.Records))
        {
            string publicName = record.Fqdn.Replace(".privatelink.", ".", StringComparison.OrdinalIgnoreCase);
            PrivateEndpointAddress? nic = o.PrivateEndpointAddresses().FirstOrDefault(a =>
                a.Fqdn.Equals(publicName, StringComparison.OrdinalIgnoreCase) || a.Fqdn.Equals(record.Fqdn, StringComparison.OrdinalIgnoreCase));
            if (nic is not null && !record.IPAddresses.Contains(nic.IPAddress))
            {
                evidence.Add($"The zone's record {record.Fqdn} = {string.Join(", ", record.IPAddresses)}, but the private endpoint's NIC has {nic.IPAddress} for {nic.Fqdn} (ARM).");
                targets.Add(publicName);
            }
        }

        if (targets.Count == 0)
        {
            yield break;
        }

        var names = targets.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        bool onPath = wrong.Count > 0;
        yield return FindingCatalog.Create(
            FindingCode.PrivateDnsRecordMismatch,
            string.Join(", ", names),
            $"{string.Join(", ", names)} resolve{(names.Count == 1 ? "s" : "")} to a private address that is not the registry's private endpoint.",
            evidence,
            $"Point the records in '{o.Environment.PrivateLinkZone}' at the private endpoint's addresses (az network private-dns record-set a update, or delete and re-add), "
            + "and give each private endpoint of the registry that shares a zone its own DNS zone group so they stop overwriting each other.",
            onPath ? (wrong.Any(d => d.Role == EndpointPurpose.Rest) ? FindingScope.AllPulls : FindingScope.SomePulls) : FindingScope.Registry);
    }
}
