namespace AcrNetwork;

/// <summary>The proxy answers CONNECT with an error status (403 and others).</summary>
internal sealed class ProxyDeniedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) => ProxyFailure.Evaluate(
        o,
        FindingCode.ProxyDenied,
        status => status == ProxyStatus.Denied,
        proxy => $"The proxy {proxy} refuses to open tunnels to the registry.",
        (proxy, tests) => $"Ask for CONNECT to port 443 of {Facts.Hosts(tests)} to be allowed on {proxy} "
            + $"(an allow-list entry for .{o.Environment.ContainerRegistryEndpointSuffix} and, without dedicated data endpoints, .blob.{o.Environment.StorageEndpointSuffix}); "
            + $"the proxy answered {string.Join(", ", tests.Select(t => t.ProxyHttpStatus).Distinct())}.");
}
