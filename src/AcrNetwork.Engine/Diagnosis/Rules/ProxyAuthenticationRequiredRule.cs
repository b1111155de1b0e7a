namespace AcrNetwork;

/// <summary>The proxy answers 407: it wants credentials the client did not give, or did not accept them.</summary>
internal sealed class ProxyAuthenticationRequiredRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o) => ProxyFailure.Evaluate(
        o,
        FindingCode.ProxyAuthenticationRequired,
        status => status == ProxyStatus.AuthenticationRequired,
        proxy => $"The proxy {proxy} requires authentication (407) for tunnels to the registry.",
        (proxy, _) => $"Give the proxy's credentials: HTTPS_PROXY=http://<user>:<password>@{proxy.Split("://").Last()} (URL-encode special characters), "
            + "or -Proxy with credentials here; for Docker, set them in the daemon's proxy configuration (systemd drop-in or daemon.json). "
            + "A proxy that accepts only Negotiate or NTLM needs a local authenticating relay, or an exemption for the registry's hosts.");
}
