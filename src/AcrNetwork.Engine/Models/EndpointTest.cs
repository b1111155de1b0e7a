namespace AcrNetwork;

/// <summary>
/// What a client meets on the way to one registry endpoint at one address: DNS, proxy, TCP 443, TLS,
/// HTTP, and for the REST endpoint the token exchange and the pull path. Stages that did not run are null.
/// Each stage's code produces its own immutable result; this type composes them and only reads.
/// </summary>
public sealed class EndpointTest
{
    public string Registry => Target.Registry;
    public string LoginServer => Target.LoginServer;
    public string Fqdn => Target.Fqdn;
    public EndpointPurpose Role => Target.Role;
    public string? Region => Target.Region;

    /// <summary>The address connected to; null when a proxy connects on the client's behalf (it resolves the name itself).</summary>
    public string? Address => DnsResult.Address;
    public bool? IsPrivate => DnsResult.IsPrivate;

    /// <summary><c>IPv4</c> or <c>IPv6</c>: a dual-stack endpoint is tested over each family the client has, separately.</summary>
    public string? IpVersion => DnsResult.IpVersion;

    /// <summary>The resolvers that gave this address (<c>System</c>, or DNS servers).</summary>
    public string? Resolver => DnsResult.Resolver;
    public DnsStatus? DnsStatus => DnsResult.Status;
    public double? DnsMs => DnsResult.Ms;
    public string? ExpectedAddress => Target.ExpectedAddress;
    public PrivateEndpointMatch? PrivateEndpointMatch => DnsResult.PrivateEndpointMatch;

    /// <summary>The proxy used for this endpoint (without credentials); null for a direct connection.</summary>
    public string? Proxy => ProxyResult?.Proxy;
    public ProxyStatus? ProxyStatus => ProxyResult?.Status;

    /// <summary>The proxy's answer to CONNECT.</summary>
    public int? ProxyHttpStatus => ProxyResult?.HttpStatus;
    public double? ProxyMs => ProxyResult?.Ms;

    /// <summary>TCP to the endpoint, or to the proxy when there is one.</summary>
    public TcpStatus? TcpStatus => TcpResult?.Status;
    public double? TcpMs => TcpResult?.Ms;

    public TlsStatus? TlsStatus => TlsResult?.Status;
    public string? TlsProtocol => TlsResult?.Protocol;
    public string? TlsSubject => TlsResult?.Certificate?.Subject;

    /// <summary>The common name of the certificate's issuer: under a TLS-inspecting proxy, the proxy's CA.</summary>
    public string? TlsIssuer => TlsResult?.Certificate?.Issuer;

    /// <summary>True when the issuer is one of Azure's public TLS issuing CAs; false names re-signed traffic.</summary>
    public bool? TlsIssuerIsAzure => TlsResult?.Certificate?.IssuerIsAzure;
    public IReadOnlyList<string> TlsSubjectAlternativeNames => ValueList<string>.From(TlsResult?.Certificate?.SubjectAlternativeNames);

    /// <summary>Subjects of the chain as this machine built it, leaf first.</summary>
    public IReadOnlyList<string> TlsChain => ValueList<string>.From(TlsResult?.Certificate?.Chain);
    public DateTimeOffset? TlsNotAfter => TlsResult?.Certificate?.NotAfter;

    /// <summary>Why validation failed: the policy errors and chain status flags.</summary>
    public string? TlsValidationErrors => TlsResult?.Certificate?.ValidationErrors;
    public double? TlsMs => TlsResult?.Ms;

    /// <summary>The request made to judge the endpoint: <c>GET /v2/</c>, or the blob a pull is redirected to.</summary>
    public string? HttpRequest => HttpResult?.Request;
    public int? HttpStatus => HttpResult?.Status;
    public string? AcrErrorCode => HttpResult?.Error?.Code;
    public string? AcrErrorMessage => HttpResult?.Error?.Message;

    /// <summary>The client address ACR reports in a 403 DENIED answer: the egress IP as the registry saw it.</summary>
    public string? ReportedClientIp => HttpResult?.Error?.ClientIp ?? TokenResult?.ReportedClientIp;

    /// <summary>The correlation id ACR appends to its errors, for a support request.</summary>
    public string? AcrCorrelationId => HttpResult?.Error?.CorrelationId;
    public string? ChallengeRealm => HttpResult?.Challenge?.Realm;
    public string? ChallengeService => HttpResult?.Challenge?.Service;
    public int? RetryAfterSec => HttpResult?.RetryAfterSec;
    public double? HttpMs => HttpResult?.Ms;

    public TokenStatus? TokenStatus => TokenResult?.Status;

    /// <summary>The answer of the exchange step that decided TokenStatus (<c>/oauth2/exchange</c> or <c>/oauth2/token</c>).</summary>
    public int? TokenHttpStatus => TokenResult?.HttpStatus;
    public double? TokenMs => TokenResult?.Ms;

    /// <summary>The repository and tag or digest whose pull path was followed.</summary>
    public string? Repository => PullResult?.Repository;
    public int? ManifestStatus => PullResult?.ManifestStatus;
    public string? BlobDigest => PullResult?.BlobDigest;
    public int? BlobStatus => PullResult?.BlobStatus;

    /// <summary>The host the registry redirected the blob to (a data endpoint or storage); tested as an endpoint of its own.</summary>
    public string? BlobRedirectHost => PullResult?.BlobRedirectHost;
    public double? PullMs => PullResult?.Ms;

    public PullStage? FailedStage => Failure?.Stage;
    public EndpointStatus Status => Failure is null ? EndpointStatus.Passed : EndpointStatus.Failed;

    /// <summary>The exact error (socket error, TLS or HTTP exception message) of the failed stage.</summary>
    public string? Error => Failure?.Error;

    /// <summary>The failed stage's message; when every stage passed, what each stage noted, in the order they ran.</summary>
    public string Message => Failure?.Message ?? string.Concat(Stages.Select(s => s?.Note));
    public double ElapsedMs { get; internal init; }

    /// <summary>With <c>-ClientSubnetId</c> (or on an Azure VM): what the client's NSGs, route and firewall do to this connection; null otherwise.</summary>
    public ClientPath? ClientPath { get; private set; }

    /// <summary>This test with the client network's judgement of its path.</summary>
    internal EndpointTest WithClientPath(ClientPath clientPath)
    {
        var judged = (EndpointTest)MemberwiseClone();
        judged.ClientPath = clientPath;
        return judged;
    }

    internal ProbeTarget Target { get; init; } = new();

    // The result of each stage, as that stage's code produced it; null for a stage that did not run.
    internal DnsResult DnsResult { get; init; } = DnsResult.NotResolved;
    internal ProxyResult? ProxyResult { get; init; }
    internal TcpResult? TcpResult { get; init; }
    internal TlsResult? TlsResult { get; init; }
    internal HttpResult? HttpResult { get; init; }
    internal TokenResult? TokenResult { get; init; }
    internal PullResult? PullResult { get; init; }

    /// <summary>The failure of the stage that stopped the test; null when every stage that ran passed.</summary>
    internal StageFailure? Failure { get; init; }

    private IEnumerable<StageResult?> Stages => [DnsResult, ProxyResult, TcpResult, TlsResult, HttpResult, TokenResult, PullResult];

    public override string ToString() => $"{Fqdn} {Address ?? Proxy}: {Status}";

    /// <summary>Durations are reported to a tenth of a millisecond.</summary>
    internal static double Milliseconds(double value) => Math.Round(value, 1);
}
