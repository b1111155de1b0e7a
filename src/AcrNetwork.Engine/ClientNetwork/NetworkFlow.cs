using System.Net;

namespace AcrNetwork;

/// <summary>
/// A TCP flow from the client's subnet to one registry address, as NSG rules and routes see it: the destination's
/// address and port, and the service tags that address belongs to (a registry's public address is in
/// <c>AzureContainerRegistry.&lt;region&gt;</c>, <c>AzureCloud</c> and <c>Internet</c>; an address in the VNet or a
/// connected peering is in <c>VirtualNetwork</c>).
/// </summary>
internal sealed record NetworkFlow
{
    public IPNetwork Source { get; init; }
    public IReadOnlyList<string> SourceTags { get; init; } = [ServiceTags.VirtualNetwork];
    public IPAddress Destination { get; init; } = IPAddress.None;
    public IReadOnlyList<string> DestinationTags { get; init; } = [];
    public int Port { get; init; } = 443;
    public string Protocol { get; init; } = "Tcp";

    public override string ToString() => $"{Protocol} {Source} -> {Destination}:{Port}";
}

/// <summary>The service tags the module can place an address in without Azure's published prefix lists.</summary>
internal static class ServiceTags
{
    public const string VirtualNetwork = "VirtualNetwork";
    public const string Internet = "Internet";
    public const string AzureCloud = "AzureCloud";
    public const string AzureContainerRegistry = "AzureContainerRegistry";
    public const string Storage = "Storage";

    /// <summary>The VNet's own address space and the address spaces of its connected peerings.</summary>
    public static IEnumerable<string> VirtualNetworkPrefixes(VirtualNetwork network) =>
        network.AddressPrefixes.Concat(network.Peerings.Where(p => p.IsConnected).SelectMany(p => p.RemoteAddressPrefixes));

    /// <summary>
    /// The flow from the client's subnet to an endpoint's address. A registry host's public address carries the
    /// registry's service tag (and its region's), a storage host's the Storage tags; any public address is Internet.
    /// </summary>
    public static NetworkFlow FlowTo(ClientSubnet subnet, VirtualNetwork? network, IPAddress destination, EndpointPurpose role, string? region)
    {
        var tags = new List<string>();
        if (network is not null && VirtualNetworkPrefixes(network).Any(prefix => Contains(prefix, destination)))
        {
            tags.Add(VirtualNetwork);
        }
        else if (!AddressClassifier.IsPrivate(destination))
        {
            string service = role == EndpointPurpose.Storage ? Storage : AzureContainerRegistry;
            tags.Add(service);
            if (!string.IsNullOrEmpty(region))
            {
                tags.Add($"{service}.{region}");
                tags.Add($"{AzureCloud}.{region}");
            }

            tags.Add(AzureCloud);
            tags.Add(Internet);
        }

        IPNetwork source = subnet.AddressPrefixes.Select(prefix => IPNetwork.TryParse(prefix, out IPNetwork parsed) ? parsed : (IPNetwork?)null)
            .FirstOrDefault(parsed => parsed is not null) ?? new IPNetwork(IPAddress.Any, 0);
        return new NetworkFlow { Source = source, Destination = destination, DestinationTags = tags };
    }

    /// <summary>A CIDR or a bare address that holds the address.</summary>
    public static bool Contains(string prefix, IPAddress address) =>
        IPNetwork.TryParse(prefix, out IPNetwork network)
            ? network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)
            : IPAddress.TryParse(prefix, out IPAddress? single) && single.Equals(address);
}
