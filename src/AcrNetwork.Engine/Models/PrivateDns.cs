namespace AcrNetwork;

/// <summary>
/// A private DNS zone that a private endpoint of the registry writes to (normally
/// <c>privatelink.azurecr.io</c>), with the registry's records in it and the virtual networks
/// that resolve through it.
/// </summary>
public sealed class PrivateDnsZone
{
    public string Name { get; init; } = "";
    public string ResourceId { get; init; } = "";

    /// <summary>The zone's A records for this registry: <c>&lt;reg&gt;</c> and <c>&lt;reg&gt;.&lt;region&gt;.data</c>.</summary>
    public IReadOnlyList<PrivateDnsRecord> Records { get; init; } = [];
    public IReadOnlyList<PrivateDnsZoneLink> VirtualNetworkLinks { get; init; } = [];
    public override string ToString() => Name;
}

/// <summary>An A record set, as the zone holds it or as a private endpoint's DNS zone group manages it.</summary>
public sealed class PrivateDnsRecord
{
    public string ZoneName { get; init; } = "";

    /// <summary>The record's name relative to the zone, e.g. <c>myregistry.westus.data</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The record's full name without the trailing dot.</summary>
    public string Fqdn { get; init; } = "";
    public IReadOnlyList<string> IPAddresses { get; init; } = [];
    public int? Ttl { get; init; }
    public override string ToString() => $"{Fqdn} = {string.Join(", ", IPAddresses)}";
}

/// <summary>A virtual network that resolves names through a private DNS zone.</summary>
public sealed class PrivateDnsZoneLink
{
    public string Name { get; init; } = "";
    public string VirtualNetworkId { get; init; } = "";
    public bool RegistrationEnabled { get; init; }

    /// <summary><c>Completed</c> once the link works; <c>InProgress</c> while Azure sets it up.</summary>
    public string? State { get; init; }
    public override string ToString() => VirtualNetworkId;
}

/// <summary>Whether a subscription has a resource provider registered (a VNet rule's subnet needs <c>Microsoft.ContainerRegistry</c>).</summary>
public sealed class ResourceProviderRegistration
{
    public string SubscriptionId { get; init; } = "";
    public string Namespace { get; init; } = "";

    /// <summary><c>Registered</c>, <c>NotRegistered</c>, <c>Registering</c> or <c>Unregistering</c>.</summary>
    public string RegistrationState { get; init; } = "";
    public bool IsRegistered => RegistrationState.Equals("Registered", StringComparison.OrdinalIgnoreCase);
    public override string ToString() => $"{Namespace} in {SubscriptionId}: {RegistrationState}";
}

/// <summary>A part of the configuration ARM would not give (no permission, gone, or a bad answer): the rest was read without it.</summary>
public sealed class UnreadResource
{
    public string ResourceId { get; init; } = "";

    /// <summary>What the resource is to the registry, e.g. "private endpoint" or "private DNS zone records".</summary>
    public string Role { get; init; } = "";
    public int? StatusCode { get; init; }
    public string? ErrorCode { get; init; }
    public string Message { get; init; } = "";
    public override string ToString() => $"{Role} {ResourceId}: {Message}";
}
