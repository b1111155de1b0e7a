using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>The DNS stage of an endpoint test: the address tested and who gave it; no address when a proxy resolves the name.</summary>
internal sealed record DnsResult(
    string? Address,
    bool? IsPrivate,
    string? IpVersion,
    string? Resolver,
    DnsStatus? Status,
    double? Ms,
    PrivateEndpointMatch? PrivateEndpointMatch) : StageResult
{
    public static DnsResult NotResolved { get; } = new(null, null, null, null, null, null, null);

    /// <summary>The address (or proxy) an endpoint is tested at, as the resolvers gave it.</summary>
    public static DnsResult Of(ProbeTarget target, ProbeAddress address) => new(
        address.Address?.ToString(),
        address.Address is null ? null : AddressClassifier.IsPrivate(address.Address),
        address.Address is null ? null : address.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4",
        address.Resolver,
        address.DnsStatus,
        address.DnsMs is double ms ? EndpointTest.Milliseconds(ms) : null,
        address.Address is null ? null : ProbeTargets.Match(target, DnsStatus.Resolved, [address.Address]));

    /// <summary>A name a resolver gave no address for: the test stops here.</summary>
    public static DnsResult Failed(ProbeTarget target, string resolver, DnsLookup lookup)
    {
        PrivateEndpointMatch? match = ProbeTargets.Match(target, lookup.Status, []);
        return new DnsResult(null, null, null, resolver, lookup.Status, EndpointTest.Milliseconds(lookup.ElapsedMs), match)
        {
            Failure = new StageFailure(PullStage.Dns, RegistryNameResolver.Describe(target, resolver, lookup, match), lookup.Error),
        };
    }
}
