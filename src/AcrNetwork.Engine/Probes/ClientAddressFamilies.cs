using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>The address families this machine can connect over.</summary>
internal static class ClientAddressFamilies
{
    private static readonly Lazy<bool> Ipv6 = new(DetectIpv6);

    /// <summary>True when an interface that is up has an IPv6 address other than loopback and link-local.</summary>
    public static bool HasIpv6 => Ipv6.Value;

    private static bool DetectIpv6()
    {
        try
        {
            return Socket.OSSupportsIPv6 && NetworkInterface.GetAllNetworkInterfaces()
                .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Any(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6 && !a.Address.IsIPv6LinkLocal && !System.Net.IPAddress.IsLoopback(a.Address));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
