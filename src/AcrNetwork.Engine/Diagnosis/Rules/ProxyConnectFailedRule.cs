namespace AcrNetwork;

/// <summary>The configured proxy cannot be reached, or closes the connection ("proxyconnect tcp: EOF").</summary>
internal sealed class ProxyConnectFailedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) => ProxyFailure.Evaluate(
        o,
        FindingCode.ProxyConnectFailed,
        status => status is ProxyStatus.Unreachable or ProxyStatus.Closed or ProxyStatus.TunnelClosed or ProxyStatus.Timeout or ProxyStatus.TlsFailed or ProxyStatus.Malformed,
        proxy => $"The proxy {proxy} does not carry this client's connections to the registry: it cannot be reached or closes them.",
        (proxy, tests) => $"Check that {proxy} is up and that this client may reach it (TCP {tests[0].TcpStatus}). If the variable says https:// for a plain HTTP proxy, "
            + "write http:// ('proxyconnect tcp: EOF' in Docker). If the registry can be reached directly, add it to NO_PROXY (for .NET, with a leading dot: "
            + $".{o.Environment.ContainerRegistryEndpointSuffix}).");
}
