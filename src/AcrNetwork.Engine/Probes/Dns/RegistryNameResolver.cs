using System.Net;

namespace AcrNetwork;

/// <summary>
/// Resolves a registry's names through each resolver at once and compares every answer with the
/// private endpoint, so "my DNS says X, Azure DNS says Y" reads side by side.
/// </summary>
internal sealed class RegistryNameResolver
{
    private readonly IReadOnlyList<NameResolver> resolvers;
    private readonly DnsProbe probe;
    private readonly DiagnosisLog log;

    public RegistryNameResolver(IReadOnlyList<NameResolver> resolvers, TimeSpan timeout)
        : this(resolvers, timeout, DiagnosisLog.None)
    {
    }

    /// <param name="log">Told each answer; its wire channel, each DNS query.</param>
    internal RegistryNameResolver(IReadOnlyList<NameResolver> resolvers, TimeSpan timeout, DiagnosisLog log)
    {
        this.resolvers = resolvers;
        this.log = log;
        probe = new DnsProbe(timeout, log);
    }

    /// <summary>One resolution per resolver, in the resolvers' order.</summary>
    public async Task<IReadOnlyList<DnsResolution>> ResolveAsync(ProbeTarget target, CancellationToken cancellationToken) =>
        await Task.WhenAll(resolvers.Select(r => ResolveAsync(target, r, cancellationToken))).ConfigureAwait(false);

    private async Task<DnsResolution> ResolveAsync(ProbeTarget target, NameResolver resolver, CancellationToken cancellationToken)
    {
        DnsLookup lookup = await probe.ResolveAsync(target.Fqdn, resolver, cancellationToken).ConfigureAwait(false);
        DnsLookup? privateLink = null;
        if (target.PrivateLinkFqdn is not null)
        {
            // The chain already went through the zone's record when it names it: its answer is the final one.
            privateLink = lookup.CnameChain.Contains(target.PrivateLinkFqdn, StringComparer.OrdinalIgnoreCase)
                ? lookup
                : await probe.ResolveAsync(target.PrivateLinkFqdn, resolver, cancellationToken).ConfigureAwait(false);
        }

        PrivateEndpointMatch? match = ProbeTargets.Match(target, lookup.Status, lookup.Addresses);
        PrivateEndpointMatch? zoneMatch = ZoneMatch(target);
        var resolution = new DnsResolution
        {
            Registry = target.Registry,
            LoginServer = target.LoginServer,
            Fqdn = target.Fqdn,
            Role = target.Role,
            Region = target.Region,
            Resolver = resolver.Name,
            NameServer = lookup.NameServer,
            CnameChain = lookup.CnameChain,
            Addresses = lookup.Addresses.Select(a => a.ToString()).ToList(),
            IsPrivate = lookup.Addresses.Count > 0 ? lookup.Addresses.All(AddressClassifier.IsPrivate) : null,
            ExpectedAddress = target.ExpectedAddress,
            PrivateEndpointMatch = match,
            PrivateLinkFqdn = target.PrivateLinkFqdn,
            PrivateLinkStatus = privateLink?.Status,
            PrivateLinkAddresses = privateLink?.Addresses.Select(a => a.ToString()).ToList() ?? [],
            PrivateLinkMatch = privateLink is null ? null : ProbeTargets.Match(target, privateLink.Status, privateLink.Addresses),
            PrivateDnsZoneRecord = target.PrivateDnsZoneRecord ?? [],
            PrivateDnsZoneMatch = zoneMatch,
            Status = lookup.Status,
            Error = lookup.Error,
            Message = Describe(target, resolver.Name, lookup, match) + DescribeZone(target, zoneMatch),
            ElapsedMs = Math.Round(lookup.ElapsedMs, 1),
        };
        log.Step.Tell($"DNS {target.Fqdn} ({target.Role}) via {resolver.Name}: {lookup.Status} in {resolution.ElapsedMs} ms. {resolution.Message}");
        return resolution;
    }

    internal static string Describe(ProbeTarget target, string resolver, DnsLookup lookup, PrivateEndpointMatch? match)
    {
        string via = lookup.CnameChain.Count > 0 ? $" via {lookup.CnameChain[^1]}" : "";
        string text = lookup.Status switch
        {
            DnsStatus.Resolved => $"Resolves to {Classify(lookup.Addresses)}{via}.",
            DnsStatus.NameNotFound when lookup.CnameChain.Count > 0 => $"NXDOMAIN: the alias {lookup.CnameChain[^1]} does not exist.",
            DnsStatus.NameNotFound => "NXDOMAIN: the name does not exist for this resolver.",
            DnsStatus.NoRecord => $"The name{via} exists but has no address record.",
            DnsStatus.ServerFailure => $"The DNS server failed to answer (SERVFAIL){Server(lookup)}: it could not reach the servers it forwards to.",
            DnsStatus.Refused => $"The DNS server refused to answer (REFUSED){Server(lookup)}.",
            DnsStatus.Timeout => $"No answer from {(resolver == NameResolver.SystemName ? "the system resolver" : resolver)}: {lookup.Error}",
            DnsStatus.Unreachable => $"The DNS server {resolver} cannot be reached: {lookup.Error}",
            DnsStatus.Malformed => $"The answer is malformed: {lookup.Error}",
            _ => $"The lookup failed: {lookup.Error}",
        };

        text += match switch
        {
            PrivateEndpointMatch.Matches => " That is the private endpoint's address.",
            PrivateEndpointMatch.ResolvesPublic => " The registry has a private endpoint, but this resolver gives a public address.",
            PrivateEndpointMatch.OtherPrivateAddress => $" The private endpoint's address is {target.ExpectedAddress}: the record is stale or another private endpoint overwrote it.",
            PrivateEndpointMatch.Missing => " The registry has a private endpoint, but this resolver has no record for the name.",
            _ => "",
        };

        return lookup.Note is null ? text : $"{text} {lookup.Note}";
    }

    /// <summary>The zone's record judged like an answer: missing, the endpoint's address, or another one.</summary>
    private static PrivateEndpointMatch? ZoneMatch(ProbeTarget target) => target.PrivateDnsZoneRecord is { } record
        ? ProbeTargets.Match(
            target,
            record.Count > 0 ? DnsStatus.Resolved : DnsStatus.NameNotFound,
            record.Select(a => IPAddress.TryParse(a, out IPAddress? address) ? address : null).OfType<IPAddress>().ToList())
        : null;

    private static string DescribeZone(ProbeTarget target, PrivateEndpointMatch? zoneMatch) => zoneMatch switch
    {
        PrivateEndpointMatch.Missing => $" The private DNS zone has no record for {target.PrivateLinkFqdn}.",
        PrivateEndpointMatch.OtherPrivateAddress or PrivateEndpointMatch.ResolvesPublic =>
            $" The private DNS zone's record for {target.PrivateLinkFqdn} is {string.Join(", ", target.PrivateDnsZoneRecord!)}, not the private endpoint's {target.ExpectedAddress}.",
        _ => "",
    };

    private static string Server(DnsLookup lookup) => lookup.NameServer is null ? "" : $" at {lookup.NameServer}";

    private static string Classify(IReadOnlyList<IPAddress> addresses) =>
        string.Join(", ", addresses.Select(a => $"{a} ({(AddressClassifier.IsPrivate(a) ? "private" : "public")})"));
}
