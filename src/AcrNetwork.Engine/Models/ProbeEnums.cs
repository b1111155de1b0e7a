using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

// What each probe stage measured. Every failure a client can meet has its own value, so the diagnosis
// can tell a dropped packet from a refusal, a missing name from a failing server.

/// <summary>The answer to one name from one resolver.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum DnsStatus
{
    Resolved,

    /// <summary>NXDOMAIN: the name (or a name its CNAME chain leads to) does not exist.</summary>
    NameNotFound,

    /// <summary>The name exists but has no A or AAAA record (NODATA).</summary>
    NoRecord,

    /// <summary>SERVFAIL: the server could not answer (often a forwarder that cannot reach upstream).</summary>
    ServerFailure,

    /// <summary>REFUSED: the server declines to answer this client.</summary>
    Refused,

    /// <summary>No answer before the deadline: packets dropped on the way or the server is down.</summary>
    Timeout,

    /// <summary>The server's host said nothing listens there (ICMP port unreachable) or there is no route to it.</summary>
    Unreachable,

    /// <summary>The answer could not be parsed.</summary>
    Malformed,

    Failed,
}

/// <summary>How a DNS answer compares with the private endpoint's address for the name.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum PrivateEndpointMatch
{
    /// <summary>The answer is the private endpoint's address.</summary>
    Matches,

    /// <summary>The registry has a private endpoint but the answer is a public address.</summary>
    ResolvesPublic,

    /// <summary>The answer is private but not the private endpoint's address (stale or overwritten record).</summary>
    OtherPrivateAddress,

    /// <summary>The answer is private; the private endpoint's address for the name is not known to compare.</summary>
    PrivateUnverified,

    /// <summary>The registry has a private endpoint but the name has no address (NXDOMAIN or no record).</summary>
    Missing,
}

[JsonConverter(typeof(StringEnumConverter))]
public enum TcpStatus
{
    Connected,

    /// <summary>No answer to the SYN before the deadline: dropped by a firewall, NSG or route.</summary>
    Timeout,

    /// <summary>Actively refused (RST): nothing listens, or a firewall rejects.</summary>
    Refused,

    /// <summary>No route to the host or network (ICMP unreachable, or no route on this machine).</summary>
    Unreachable,

    /// <summary>The connection was reset while it was being set up.</summary>
    Reset,

    Failed,
}

/// <summary>What the proxy in front of an endpoint did with the CONNECT request.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ProxyStatus
{
    /// <summary>The proxy opened the tunnel (2xx to CONNECT).</summary>
    Connected,

    /// <summary>The proxy could not be reached (TcpStatus says how).</summary>
    Unreachable,

    /// <summary>The proxy closed the connection without answering CONNECT ("proxyconnect tcp: EOF").</summary>
    Closed,

    /// <summary>The proxy opened the tunnel, then closed it when TLS to the registry began.</summary>
    TunnelClosed,

    /// <summary>The proxy did not answer CONNECT before the deadline.</summary>
    Timeout,

    /// <summary>The proxy refused the tunnel with an error status (403 and others).</summary>
    Denied,

    /// <summary>The proxy answered 407: it wants credentials this client did not give or it did not accept.</summary>
    AuthenticationRequired,

    /// <summary>The proxy URL's scheme does not match what the proxy speaks (https:// to a plain HTTP proxy, or the reverse).</summary>
    SchemeMismatch,

    /// <summary>TLS to an https:// proxy failed for another reason.</summary>
    TlsFailed,

    /// <summary>The proxy's answer was not HTTP.</summary>
    Malformed,
}

[JsonConverter(typeof(StringEnumConverter))]
public enum TlsStatus
{
    /// <summary>The chain is trusted and names the host.</summary>
    Trusted,

    /// <summary>The chain does not lead to a root this machine trusts: typically a TLS-inspecting proxy.</summary>
    Untrusted,

    /// <summary>The certificate does not name the host.</summary>
    NameMismatch,

    /// <summary>The certificate (or one in its chain) is expired or not yet valid.</summary>
    Expired,

    /// <summary>The handshake failed (alert, no common protocol or cipher).</summary>
    HandshakeFailed,

    /// <summary>The peer closed the connection during the handshake.</summary>
    Closed,

    /// <summary>The peer reset the connection during the handshake.</summary>
    Reset,

    Timeout,

    /// <summary>The peer answered in plain HTTP, not TLS.</summary>
    NotTls,

    Failed,
}

/// <summary>The registry token exchange (<c>/oauth2/exchange</c>, then <c>/oauth2/token</c>).</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum TokenStatus
{
    /// <summary>The registry issued an access token.</summary>
    Issued,

    /// <summary>The credential could not give an ARM token.</summary>
    CredentialUnavailable,

    /// <summary>No credential was given and the registry refuses anonymous access.</summary>
    CredentialRequired,

    /// <summary>The registry's firewall refused the client (403 DENIED), not the identity.</summary>
    FirewallDenied,

    /// <summary>The registry refused the identity: missing role, or authentication as ARM disabled.</summary>
    Unauthorized,

    Throttled,

    /// <summary>Any other answer, a malformed one, or a network failure during the exchange.</summary>
    Failed,
}

[JsonConverter(typeof(StringEnumConverter))]
public enum EndpointStatus
{
    Passed,
    Failed,
}
