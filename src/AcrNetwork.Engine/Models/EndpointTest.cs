namespace AcrNetwork;

/// <summary>
/// What a client meets on the way to one registry endpoint at one address: DNS, proxy, TCP 443, TLS,
/// HTTP, and for the REST endpoint the token exchange and the pull path. Stages that did not run are null.
/// </summary>
public sealed class EndpointTest
{
    public string Registry { get; internal set; } = "";
    public string LoginServer { get; internal set; } = "";
    public string Fqdn { get; internal set; } = "";
    public EndpointPurpose Role { get; internal set; }
    public string? Region { get; internal set; }

    /// <summary>The address connected to; null when a proxy connects on the client's behalf (it resolves the name itself).</summary>
    public string? Address { get; internal set; }
    public bool? IsPrivate { get; internal set; }

    /// <summary><c>IPv4</c> or <c>IPv6</c>: a dual-stack endpoint is tested over each family the client has, separately.</summary>
    public string? IpVersion { get; internal set; }

    /// <summary>The resolvers that gave this address (<c>System</c>, or DNS servers).</summary>
    public string? Resolver { get; internal set; }
    public DnsStatus? DnsStatus { get; internal set; }
    public double? DnsMs { get; internal set; }
    public string? ExpectedAddress { get; internal set; }
    public PrivateEndpointMatch? PrivateEndpointMatch { get; internal set; }

    /// <summary>The proxy used for this endpoint (without credentials); null for a direct connection.</summary>
    public string? Proxy { get; internal set; }
    public ProxyStatus? ProxyStatus { get; internal set; }

    /// <summary>The proxy's answer to CONNECT.</summary>
    public int? ProxyHttpStatus { get; internal set; }
    public double? ProxyMs { get; internal set; }

    /// <summary>TCP to the endpoint, or to the proxy when there is one.</summary>
    public TcpStatus? TcpStatus { get; internal set; }
    public double? TcpMs { get; internal set; }

    public TlsStatus? TlsStatus { get; internal set; }
    public string? TlsProtocol { get; internal set; }
    public string? TlsSubject { get; internal set; }

    /// <summary>The common name of the certificate's issuer: under a TLS-inspecting proxy, the proxy's CA.</summary>
    public string? TlsIssuer { get; internal set; }

    /// <summary>True when the issuer is one of Azure's public TLS issuing CAs; false names re-signed traffic.</summary>
    public bool? TlsIssuerIsAzure { get; internal set; }
    public IReadOnlyList<string> TlsSubjectAlternativeNames { get => tlsSubjectAlternativeNames; internal set => tlsSubjectAlternativeNames = ValueList<string>.From(value); }
    private IReadOnlyList<string> tlsSubjectAlternativeNames = ValueList<string>.Empty;

    /// <summary>Subjects of the chain as this machine built it, leaf first.</summary>
    public IReadOnlyList<string> TlsChain { get => tlsChain; internal set => tlsChain = ValueList<string>.From(value); }
    private IReadOnlyList<string> tlsChain = ValueList<string>.Empty;
    public DateTimeOffset? TlsNotAfter { get; internal set; }

    /// <summary>Why validation failed: the policy errors and chain status flags.</summary>
    public string? TlsValidationErrors { get; internal set; }
    public double? TlsMs { get; internal set; }

    /// <summary>The request made to judge the endpoint: <c>GET /v2/</c>, or the blob a pull is redirected to.</summary>
    public string? HttpRequest { get; internal set; }
    public int? HttpStatus { get; internal set; }
    public string? AcrErrorCode { get; internal set; }
    public string? AcrErrorMessage { get; internal set; }

    /// <summary>The client address ACR reports in a 403 DENIED answer: the egress IP as the registry saw it.</summary>
    public string? ReportedClientIp { get; internal set; }

    /// <summary>The correlation id ACR appends to its errors, for a support request.</summary>
    public string? AcrCorrelationId { get; internal set; }
    public string? ChallengeRealm { get; internal set; }
    public string? ChallengeService { get; internal set; }
    public int? RetryAfterSec { get; internal set; }
    public double? HttpMs { get; internal set; }

    public TokenStatus? TokenStatus { get; internal set; }

    /// <summary>The answer of the exchange step that decided TokenStatus (<c>/oauth2/exchange</c> or <c>/oauth2/token</c>).</summary>
    public int? TokenHttpStatus { get; internal set; }
    public double? TokenMs { get; internal set; }

    /// <summary>The repository and tag or digest whose pull path was followed.</summary>
    public string? Repository { get; internal set; }
    public int? ManifestStatus { get; internal set; }
    public string? BlobDigest { get; internal set; }
    public int? BlobStatus { get; internal set; }

    /// <summary>The host the registry redirected the blob to (a data endpoint or storage); tested as an endpoint of its own.</summary>
    public string? BlobRedirectHost { get; internal set; }
    public double? PullMs { get; internal set; }

    public PullStage? FailedStage { get; internal set; }
    public EndpointStatus Status { get; internal set; }

    /// <summary>The exact error (socket error, TLS or HTTP exception message) of the failed stage.</summary>
    public string? Error { get; internal set; }
    public string Message { get; internal set; } = "";
    public double ElapsedMs { get; internal set; }

    public override string ToString() => $"{Fqdn} {Address ?? Proxy}: {Status}";

    /// <summary>Marks the stage that stopped the test, with what a person reads and the exact error.</summary>
    internal void Fail(PullStage stage, string message, string? error)
    {
        FailedStage = stage;
        Status = EndpointStatus.Failed;
        Message = message;
        Error = error;
    }

    /// <summary>Durations are reported to a tenth of a millisecond.</summary>
    internal static double Milliseconds(double value) => Math.Round(value, 1);
}
