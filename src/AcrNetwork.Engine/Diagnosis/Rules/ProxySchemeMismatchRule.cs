namespace AcrNetwork;

/// <summary>The proxy URL's scheme does not match what the proxy speaks: https:// to a plain HTTP proxy, or the reverse.</summary>
internal sealed class ProxySchemeMismatchRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) => ProxyFailure.Evaluate(
        o,
        FindingCode.ProxySchemeMismatch,
        status => status == ProxyStatus.SchemeMismatch,
        proxy => $"The proxy URL {proxy} names the wrong scheme for what the proxy speaks.",
        (proxy, _) => proxy.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? $"The proxy speaks plain HTTP: set HTTPS_PROXY={"http://" + proxy["https://".Length..]} (the variable's name says which URLs use it, not how to talk to the proxy)."
            : $"The proxy expects TLS: set the proxy URL to {"https://" + proxy["http://".Length..]}.");
}
