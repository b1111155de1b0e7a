namespace AcrNetwork;

/// <summary>How one resolver answers for one name a client of the registry needs.</summary>
public sealed class DnsResolution
{
    public string Registry { get; init; } = "";
    public string LoginServer { get; init; } = "";
    public string Fqdn { get; init; } = "";
    public EndpointPurpose Role { get; init; }
    public string? Region { get; init; }

    /// <summary><c>System</c> (what applications on this machine get), or the DNS server asked (<c>IP</c> or <c>IP:port</c>).</summary>
    public string Resolver { get; init; } = "";

    /// <summary>The server that answered, when known (for the system resolver, the first server of its configuration that answered).</summary>
    public string? NameServer { get; init; }

    /// <summary>The CNAME targets from the name to its final alias, in order.</summary>
    public IReadOnlyList<string> CnameChain { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;
    public IReadOnlyList<string> Addresses { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>True when every address is private (RFC 1918, RFC 6598, IPv6 ULA); null without addresses.</summary>
    public bool? IsPrivate { get; init; }

    /// <summary>The private endpoint's address for the name, when the registry's configuration gives it.</summary>
    public string? ExpectedAddress { get; init; }

    /// <summary>Null when the registry has no private endpoint (or none is known), or the lookup did not conclude.</summary>
    public PrivateEndpointMatch? PrivateEndpointMatch { get; init; }

    /// <summary>
    /// The name's record in the private link zone (<c>&lt;reg&gt;.privatelink.azurecr.io</c>), checked when the
    /// registry has a private endpoint: read from the CNAME chain when the chain passes through it, otherwise asked for.
    /// </summary>
    public string? PrivateLinkFqdn { get; init; }
    public DnsStatus? PrivateLinkStatus { get; init; }
    public IReadOnlyList<string> PrivateLinkAddresses { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;
    public PrivateEndpointMatch? PrivateLinkMatch { get; init; }

    /// <summary>The addresses the private DNS zone holds for the private link name, as ARM shows them.</summary>
    public IReadOnlyList<string> PrivateDnsZoneRecord { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>How the zone's record compares with the private endpoint; null when the zone is not known.</summary>
    public PrivateEndpointMatch? PrivateDnsZoneMatch { get; init; }

    public DnsStatus Status { get; init; }

    /// <summary>The exact error (response code, socket error or exception message) when the lookup failed.</summary>
    public string? Error { get; init; }
    public string Message { get; init; } = "";
    public double ElapsedMs { get; init; }

    /// <summary>With <c>-ClientSubnetId</c> (or on an Azure VM): whether the client's DNS can see the private DNS zone holding the registry's records; null otherwise.</summary>
    public ClientZoneLink? ZoneLink { get; private set; }

    /// <summary>This answer with the client network's judgement of the zone link.</summary>
    internal DnsResolution WithZoneLink(ClientZoneLink zoneLink)
    {
        var judged = (DnsResolution)MemberwiseClone();
        judged.ZoneLink = zoneLink;
        return judged;
    }

    public override string ToString() => $"{Fqdn} via {Resolver}: {Status}";
}
