using System.Net;

namespace AcrNetwork;

/// <summary>The questions rules ask of the observations, asked the same way by every rule.</summary>
internal static class Facts
{
    /// <summary>
    /// The tests of what this client really meets: addresses its own (system) resolver gave, or the proxy it goes
    /// through. Addresses only another DNS server gave (-DnsServer) are evidence, not the client's path.
    /// </summary>
    public static IEnumerable<EndpointTest> ClientPath(this DiagnosisObservations o) =>
        o.Endpoints.Where(t => t.Resolver is null
            || t.Resolver.Split(", ").Contains(NameResolver.SystemName, StringComparer.Ordinal));

    public static IEnumerable<EndpointTest> Rest(this DiagnosisObservations o) => o.ClientPath().Where(t => t.Role == EndpointPurpose.Rest);

    /// <summary>What the client's own resolver answered for each name.</summary>
    public static IEnumerable<DnsResolution> SystemDns(this DiagnosisObservations o) =>
        o.Dns.Where(d => d.Resolver == NameResolver.SystemName);

    /// <summary>The REST endpoint answered HTTP (whatever it said): DNS, proxy, TCP and TLS to it work.</summary>
    public static bool RestAnswers(this DiagnosisObservations o) =>
        o.Rest().Any(t => t.FailedStage is null or PullStage.Http or PullStage.Token or PullStage.Pull);

    public static bool IsDenied(EndpointTest t) =>
        (t.FailedStage == PullStage.Http && string.Equals(t.AcrErrorCode, "DENIED", StringComparison.OrdinalIgnoreCase))
        || t.TokenStatus == TokenStatus.FirewallDenied;

    /// <summary>Refused by the registry's firewall (403 DENIED), at /v2/, a blob host or the token exchange.</summary>
    public static List<EndpointTest> Denied(this DiagnosisObservations o) => o.ClientPath().Where(IsDenied).ToList();

    /// <summary>The client's egress address as ACR saw it, from a DENIED answer.</summary>
    public static string? ReportedClientIp(this DiagnosisObservations o) =>
        o.ClientPath().Select(t => t.ReportedClientIp).FirstOrDefault(ip => ip is not null);

    /// <summary>Connected to a public address, or through a proxy (which connects to the public address).</summary>
    public static bool IsPublicPath(EndpointTest t) => t.Address is null ? t.Proxy is not null : t.IsPrivate != true;

    /// <summary>Dropped or cut by something on the way: TCP failed, or TLS was cut before any certificate was judged.</summary>
    public static bool IsCutOff(EndpointTest t) =>
        t.FailedStage == PullStage.Tcp
        || (t.FailedStage == PullStage.Tls && t.TlsStatus is TlsStatus.Closed or TlsStatus.Reset or TlsStatus.Timeout or TlsStatus.HandshakeFailed);

    /// <summary>A certificate the client does not trust from an issuer that is not Azure's: TLS inspection.</summary>
    public static bool IsIntercepted(EndpointTest t) => t.TlsStatus == TlsStatus.Untrusted && t.TlsIssuerIsAzure != true;

    /// <summary>Whether the data path shows the registry exists: ACR's DNS has a name only for a registry that exists.</summary>
    public static bool RegistryAnswersOnDataPath(this DiagnosisObservations o) =>
        o.SystemDns().Any(d => d.Role == EndpointPurpose.Rest && d.Status == DnsStatus.Resolved);

    public static bool HasPrivateEndpoint(this DiagnosisObservations o) => o.Config is { PrivateEndpoints.Count: > 0 };

    /// <summary>Network rules and public access settings are enforced on Premium only.</summary>
    public static bool EnforcesRestriction(this RegistryNetworkConfig config) =>
        config.Sku == RegistrySku.Premium && (config.IsNetworkRestricted || config.PrivateEndpoints.Count > 0);

    /// <summary>
    /// Every pull meets the REST endpoint and the storage host; data endpoints are per region, and a pull goes to
    /// one of them: blocking all the regions tested stops every pull, blocking some stops the pulls served there.
    /// </summary>
    public static FindingScope ScopeOf(this DiagnosisObservations o, IEnumerable<EndpointTest> failing)
    {
        var failed = failing.ToList();
        if (failed.Any(t => t.Role is EndpointPurpose.Rest or EndpointPurpose.Storage))
        {
            return FindingScope.AllPulls;
        }

        var dataHosts = o.ClientPath().Where(t => t.Role == EndpointPurpose.Data).Select(t => t.Fqdn).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var failedHosts = failed.Select(t => t.Fqdn).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool everyRegionFailed = dataHosts.All(host => failedHosts.Contains(host)
            && o.ClientPath().Where(t => t.Fqdn.Equals(host, StringComparison.OrdinalIgnoreCase)).All(t => t.Status == EndpointStatus.Failed));
        return everyRegionFailed ? FindingScope.AllPulls : FindingScope.SomePulls;
    }

    /// <summary>The REST endpoint's host when it is among them (every pull meets it first), else the hosts in order.</summary>
    public static string TargetOf(this DiagnosisObservations o, IEnumerable<EndpointTest> tests)
    {
        var hosts = tests.OrderBy(t => t.Role).Select(t => t.Fqdn).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return hosts.Count == 0 ? o.LoginServer : string.Join(", ", hosts);
    }

    /// <summary>A finding about tests that failed: the hosts they reached are its target, and each test a line of its evidence.</summary>
    public static Finding FindingAbout(this DiagnosisObservations o, FindingCode code, IReadOnlyList<EndpointTest> failing, string summary, string remediation, FindingScope scope = FindingScope.AllPulls) =>
        FindingCatalog.Create(code, o.TargetOf(failing), summary, failing.Select(Evidence), remediation, scope);

    /// <summary>One line of evidence for a test: the host, its role and region, where it connected, and what it met.</summary>
    public static string Evidence(EndpointTest t)
    {
        string region = t.Region is null || t.Role == EndpointPurpose.Rest ? "" : $" {t.Region}";
        string where = t.Address ?? (t.Proxy is null ? "" : $"via proxy {t.Proxy}");
        return $"{t.Fqdn} ({t.Role}{region}{(where.Length > 0 ? $", {where}" : "")}): {t.Message}".TrimEnd();
    }

    public static string Evidence(DnsResolution d)
    {
        string chain = d.CnameChain.Count > 0 ? $" CNAME {string.Join(" > ", d.CnameChain)}." : "";
        string server = d.NameServer is null ? "" : $" (answered by {d.NameServer})";
        return $"{d.Fqdn} through the {ResolverName(d)}{server}: {d.Message}{chain}";
    }

    /// <summary>"system resolver" or "DNS server &lt;address&gt;".</summary>
    public static string ResolverName(DnsResolution d) => d.Resolver == NameResolver.SystemName ? "system resolver" : $"DNS server {d.Resolver}";

    public static string Hosts(IEnumerable<EndpointTest> tests) =>
        string.Join(", ", tests.Select(t => t.Fqdn).Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>Why the client uses the proxy it uses for a host, as the client context explains it.</summary>
    public static string? ProxyReason(this DiagnosisObservations o, string fqdn) =>
        o.Client.EndpointProxies.FirstOrDefault(p => p.Fqdn.Equals(fqdn, StringComparison.OrdinalIgnoreCase))?.Reason;

    /// <summary>The private endpoint's addresses per name, from the configuration.</summary>
    public static IEnumerable<PrivateEndpointAddress> PrivateEndpointAddresses(this DiagnosisObservations o) =>
        o.Config?.PrivateEndpoints.SelectMany(e => e.Addresses) ?? [];

    /// <summary>The private endpoint's address for a host, as its NIC (or DNS configuration) names it by the public or the private link name.</summary>
    public static PrivateEndpointAddress? PrivateEndpointAddressFor(this DiagnosisObservations o, string fqdn)
    {
        string? privateLink = ProbeTargets.PrivateLinkName(fqdn, o.Environment);
        return o.PrivateEndpointAddresses().FirstOrDefault(a =>
            a.Fqdn.TrimEnd('.').Equals(fqdn, StringComparison.OrdinalIgnoreCase)
            || (privateLink is not null && a.Fqdn.TrimEnd('.').Equals(privateLink, StringComparison.OrdinalIgnoreCase)));
    }

    public static bool Contains(string cidr, string address) =>
        IPNetwork.TryParse(cidr, out IPNetwork network) && IPAddress.TryParse(address, out IPAddress? ip) && network.Contains(ip);

    /// <summary>The registry name for commands: from the configuration, or the one asked for.</summary>
    public static string Name(this DiagnosisObservations o) => o.Config?.Name ?? o.Registry;
}
