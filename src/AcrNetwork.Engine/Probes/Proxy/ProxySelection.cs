using System.Net;

namespace AcrNetwork;

/// <summary>A proxy an endpoint is reached through, and the credentials its URL or configuration carries.</summary>
internal sealed record ProxyRoute(Uri Uri, NetworkCredential? Credential)
{
    /// <summary>The proxy as it may be shown: never with the user name or password.</summary>
    public string Display => $"{Uri.Scheme}://{Uri.Authority}";

    public bool IsTls => Uri.Scheme == Uri.UriSchemeHttps;
}

/// <summary>
/// Which proxy endpoints are reached through: the one .NET would use for each URL
/// (<see cref="HttpClient.DefaultProxy"/>: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY on Linux and
/// macOS, the system settings on Windows), one given explicitly, or none.
/// </summary>
public sealed class ProxySelection
{
    private readonly Func<IWebProxy?> source;

    private ProxySelection(Func<IWebProxy?> source) => this.source = source;

    public static ProxySelection Default { get; } = new(() => HttpClient.DefaultProxy);

    public static ProxySelection None { get; } = new(() => null);

    public static ProxySelection Explicit(Uri proxy)
    {
        if (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{proxy}' is not an http:// or https:// proxy URL.", nameof(proxy));
        }

        var webProxy = new WebProxy(proxy) { BypassProxyOnLocal = false };
        return new ProxySelection(() => webProxy);
    }

    /// <summary>The proxy for <c>https://host/</c>, or null when the host is reached directly.</summary>
    internal ProxyRoute? RouteFor(string host)
    {
        IWebProxy? proxy = source();
        var target = new Uri($"https://{host}/");
        if (proxy is null || proxy.IsBypassed(target))
        {
            return null;
        }

        Uri? proxyUri = proxy.GetProxy(target);
        if (proxyUri is null || Uri.Compare(proxyUri, target, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            // Windows proxies answer a bypassed URL with the URL itself.
            return null;
        }

        return new ProxyRoute(proxyUri, CredentialFor(proxy, proxyUri));
    }

    private static NetworkCredential? CredentialFor(IWebProxy proxy, Uri proxyUri)
    {
        if (!string.IsNullOrEmpty(proxyUri.UserInfo))
        {
            string[] parts = proxyUri.UserInfo.Split(':', 2);
            return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        // Integrated (Negotiate/NTLM) credentials have no user name; the probe speaks Basic only.
        NetworkCredential? credential = proxy.Credentials?.GetCredential(proxyUri, "Basic");
        return string.IsNullOrEmpty(credential?.UserName) ? null : credential;
    }
}
