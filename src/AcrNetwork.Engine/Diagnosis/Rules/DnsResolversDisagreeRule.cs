namespace AcrNetwork;

/// <summary>
/// The resolvers asked (the system resolver and -DnsServer) give different addresses for a registry name. The right
/// answer is the private endpoint's address when the registry has one, the public one when it has none; the
/// resolvers that give another answer are the ones to fix. A system resolver that gives a stale private address is
/// PrivateDnsRecordMismatch's, and one whose public answer fails the pull is PrivateEndpointDnsNotUsed's.
/// </summary>
internal sealed class DnsResolversDisagreeRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var evidence = new List<string>();
        var fixes = new List<string>();
        var names = new List<string>();
        bool systemWrong = false;
        bool restOnPath = false;
        foreach (var answers in o.Dns.Where(d => d.Status == DnsStatus.Resolved && d.Addresses.Count > 0).GroupBy(d => d.Fqdn, StringComparer.OrdinalIgnoreCase))
        {
            // Answers that share an address agree (one may hold AAAA records the other left out); different public
            // answers are a replicated registry's routing to its nearest region, not a disagreement.
            var byResolver = answers.ToList();
            if (!byResolver.Any(a => byResolver.Any(b => !a.Addresses.Intersect(b.Addresses).Any())) || byResolver.All(d => d.IsPrivate == false))
            {
                continue;
            }

            (string? right, string why) = RightAnswer(o, byResolver);
            List<DnsResolution> wrong = right is null ? [] : byResolver.Where(d => o.HasPrivateEndpoint() ? !d.Addresses.Contains(right) : d.IsPrivate != false).ToList();
            if (wrong.Any(d => d.Resolver == NameResolver.SystemName && d.PrivateEndpointMatch == PrivateEndpointMatch.OtherPrivateAddress))
            {
                continue;
            }

            names.Add(answers.Key);
            evidence.AddRange(byResolver.Select(Facts.Evidence));
            evidence.Add(right is null ? $"{answers.Key}: {why}" : $"{answers.Key}: the right answer is {right} ({why}).");
            foreach (DnsResolution d in wrong)
            {
                fixes.Add(Fix(o, d, right!));
                if (d.Resolver == NameResolver.SystemName)
                {
                    systemWrong = true;
                    restOnPath |= d.Role == EndpointPurpose.Rest;
                }
            }
        }

        if (names.Count == 0)
        {
            yield break;
        }

        string which = fixes.Count > 0 ? string.Join(" ", fixes.Distinct(StringComparer.Ordinal))
            : o.Config is null ? "Read the registry's configuration (a credential with Reader, or az acr show -o json piped in) to tell which answer is right, then make every resolver give it."
            : "Find the private endpoint's address for the name (az network private-endpoint show --query customDnsConfigs) and make every resolver give it.";
        yield return FindingCatalog.Create(
            FindingCode.DnsResolversDisagree,
            string.Join(", ", names),
            $"The resolvers asked give different addresses for {string.Join(", ", names)}: clients that use another resolver reach the registry another way, or not at all.",
            evidence,
            which,
            systemWrong ? (restOnPath ? FindingScope.AllPulls : FindingScope.SomePulls) : FindingScope.Registry);
    }

    /// <summary>
    /// The address a resolver should give for the name: the private endpoint's (its NIC, else the private DNS zone's
    /// record) when the registry has one, a public answer when it has none; null when the configuration is not known.
    /// </summary>
    public static (string? Address, string Why) RightAnswer(DiagnosisObservations o, IReadOnlyList<DnsResolution> answers)
    {
        string fqdn = answers[0].Fqdn;
        if (o.HasPrivateEndpoint())
        {
            if (o.PrivateEndpointAddressFor(fqdn) is { } nic)
            {
                return (nic.IPAddress, $"the private endpoint's address for {nic.Fqdn}, from its network interface");
            }

            string? zoneRecord = answers.SelectMany(d => d.PrivateDnsZoneRecord).FirstOrDefault();
            return zoneRecord is null
                ? (null, "the registry has a private endpoint, but its address for this name is not known: the right answer cannot be told.")
                : (zoneRecord, "the private endpoint's address, from the private DNS zone's record");
        }

        if (o.Config is null)
        {
            return (null, "the registry's configuration could not be read, so whether a private endpoint's address is the right answer cannot be told.");
        }

        var publicAnswers = answers.Where(d => d.IsPrivate == false).SelectMany(d => d.Addresses).Distinct(StringComparer.Ordinal).ToList();
        return publicAnswers.Count == 0
            ? (null, "the registry has no private endpoint, and no resolver gives a public address.")
            : (string.Join(", ", publicAnswers), "the registry has no private endpoint, so the public answer is the right one");
    }

    private static string Fix(DiagnosisObservations o, DnsResolution wrong, string right)
    {
        string zone = o.Environment.PrivateLinkZone;
        string resolver = Facts.ResolverName(wrong);
        return o.HasPrivateEndpoint()
            ? wrong.IsPrivate == false
                ? $"Fix the {resolver} for {wrong.Fqdn}: resolve '{zone}' through Azure DNS (forward it to 168.63.129.16 from inside the linked VNet, or to a DNS Private Resolver inbound endpoint) so it answers {right}."
                : $"Fix the {resolver} for {wrong.Fqdn}: its '{zone}' zone or record is stale; point {wrong.Fqdn} at {right}."
            : $"Fix the {resolver} for {wrong.Fqdn}: the registry has no private endpoint, so remove its '{zone}' zone, conditional forwarder or hosts entry that answers {string.Join(", ", wrong.Addresses)}.";
    }
}
