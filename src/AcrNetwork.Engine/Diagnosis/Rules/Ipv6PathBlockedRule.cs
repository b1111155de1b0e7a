using System.Net;
using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>
/// A dual-stack endpoint works over IPv4 and not over IPv6: clients that try IPv6 first wait for their fallback,
/// and those without one fail. The TCP findings of those IPv6 tests are this cause, told apart by family.
/// </summary>
internal sealed class Ipv6PathBlockedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.TcpConnectTimeout, FindingCode.TcpConnectRefused, FindingCode.DataEndpointBlocked, FindingCode.RegionalEndpointBlocked, FindingCode.TlsHandshakeFailed];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var tests = o.ClientPath().Where(t => t.Address is not null).ToList();
        var cutOff = tests.Where(Facts.IsCutOff).ToList();
        if (cutOff.Count == 0 || !cutOff.All(IsIpv6))
        {
            yield break;
        }

        // Each host cut off over IPv6 works over IPv4: the IPv6 path alone is blocked.
        bool ipv4Works = cutOff.All(failed => tests.Any(t =>
            !IsIpv6(t) && t.Fqdn.Equals(failed.Fqdn, StringComparison.OrdinalIgnoreCase) && !Facts.IsCutOff(t)));
        if (!ipv4Works)
        {
            yield break;
        }

        string addresses = string.Join(", ", cutOff.Select(t => $"[{t.Address}]:443").Distinct());
        string protocol = o.Config?.EndpointProtocol is { } p ? $"ARM: endpointProtocol {p}." : "The registry's names have AAAA records: it is dual stack.";
        yield return FindingCatalog.Create(
            FindingCode.Ipv6PathBlocked,
            o.TargetOf(cutOff),
            $"{Facts.Hosts(cutOff)} answer{(cutOff.Select(t => t.Fqdn).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1 ? "s" : "")} over IPv4 but not over IPv6 ({addresses}): clients that try IPv6 first wait for their fallback to IPv4, or fail without one.",
            [protocol, .. tests.Where(t => cutOff.Any(c => c.Fqdn.Equals(t.Fqdn, StringComparison.OrdinalIgnoreCase))).Select(t => $"{(IsIpv6(t) ? "IPv6" : "IPv4")}: {Facts.Evidence(t)}")],
            $"Allow outbound TCP 443 over IPv6 to {addresses} as well as over IPv4 (NSG, firewall and proxy rules are per family; the service tag AzureContainerRegistry lists IPv6 ranges too), or give this client no IPv6 route if the network is meant to be IPv4 only.",
            FindingScope.SomePulls);
    }

    private static bool IsIpv6(EndpointTest t) =>
        IPAddress.TryParse(t.Address, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6;
}
