using System.Net;

namespace AcrNetwork;

/// <summary>Tells private addresses (where private endpoints live) from public ones.</summary>
internal static class AddressClassifier
{
    private static readonly IPNetwork[] PrivateRanges =
    [
        IPNetwork.Parse("10.0.0.0/8"),       // RFC 1918
        IPNetwork.Parse("172.16.0.0/12"),    // RFC 1918
        IPNetwork.Parse("192.168.0.0/16"),   // RFC 1918
        IPNetwork.Parse("100.64.0.0/10"),    // RFC 6598 shared address space (carrier-grade NAT)
        IPNetwork.Parse("fc00::/7"),         // RFC 4193 unique local addresses
    ];

    public static bool IsPrivate(IPAddress address)
    {
        IPAddress normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return PrivateRanges.Any(range => range.Contains(normalized));
    }
}
