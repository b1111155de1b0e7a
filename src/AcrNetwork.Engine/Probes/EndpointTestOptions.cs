using Azure.Core;

namespace AcrNetwork;

internal sealed class EndpointTestOptions
{
    /// <summary>The deadline of each probe (a DNS query, a connection, a handshake, a request).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Who resolves endpoints that arrive without addresses.</summary>
    public IReadOnlyList<NameResolver> Resolvers { get; init; } = [NameResolver.System];

    public ProxySelection Proxy { get; init; } = ProxySelection.Default;

    /// <summary>
    /// For the token exchange; its ARM token is for <c>&lt;ResourceManagerUrl&gt;/.default</c>. Null when there is none.
    /// Only the token exchange waits for it, so a credential still being found never delays DNS, TCP, TLS or GET /v2/.
    /// </summary>
    public Task<TokenCredential?> Credential { get; init; } = Task.FromResult<TokenCredential?>(null);

    public AzureCloudEnvironment Environment { get; init; } = AzureCloudEnvironment.AzureCloud;

    /// <summary>An image whose pull path to follow: manifest, one blob, and the host the blob is served from.</summary>
    public RepositoryReference? Repository { get; init; }

    /// <summary>
    /// Whether to test the IPv6 addresses a name resolves to (as well as its IPv4 ones): by default when this machine
    /// has an IPv6 address beyond link-local, so a client without IPv6 is not reported as failing over it.
    /// </summary>
    public bool TestIpv6 { get; init; } = ClientAddressFamilies.HasIpv6;

    /// <summary>How many registries are tested at once; the endpoints of one registry are always tested together.</summary>
    public int ThrottleLimit { get; init; } = 8;

    /// <summary>Told each endpoint's outcome, and on its wire channel each DNS query, CONNECT and HTTP request; nobody by default.</summary>
    internal DiagnosisLog Log { get; init; } = DiagnosisLog.None;
}

/// <summary>An endpoint to test, with the answers resolvers gave for it when they were measured before.</summary>
internal sealed class EndpointTestRequest
{
    public ProbeTarget Target { get; init; } = new();

    /// <summary>Null to resolve the name here; otherwise the addresses of these answers are tested, exactly.</summary>
    public IReadOnlyList<DnsResolution>? Resolutions { get; init; }

    /// <summary>The registry's configuration when it was given (piped, an export); null when only its name is known.</summary>
    public RegistryNetworkConfig? Config { get; init; }
}
