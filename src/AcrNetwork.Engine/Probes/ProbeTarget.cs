namespace AcrNetwork;

/// <summary>A host a client of a registry connects to, with what the registry's configuration says about it.</summary>
internal sealed class ProbeTarget
{
    public string Registry { get; init; } = "";
    public string LoginServer { get; init; } = "";
    public string Fqdn { get; init; } = "";
    public EndpointPurpose Role { get; init; }
    public string? Region { get; init; }

    /// <summary>True when the registry has a private endpoint: the name should then resolve to a private address.</summary>
    public bool HasPrivateEndpoint { get; init; }

    /// <summary>The private endpoint's address for this name, when known.</summary>
    public string? ExpectedAddress { get; init; }

    /// <summary>The name's record in the private link zone, when the registry has a private endpoint.</summary>
    public string? PrivateLinkFqdn { get; init; }

    /// <summary>
    /// What the private DNS zone (as ARM shows it) holds for <see cref="PrivateLinkFqdn"/>: empty when the
    /// zone has no record for it, null when no zone is known.
    /// </summary>
    public IReadOnlyList<string>? PrivateDnsZoneRecord { get; init; }

    public override string ToString() => Fqdn;
}
