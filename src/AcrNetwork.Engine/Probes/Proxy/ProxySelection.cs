using System.Collections;
using System.Collections.Concurrent;
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
/// Which proxy endpoints are reached through: the one .NET would use for each URL (HTTPS_PROXY, HTTP_PROXY,
/// ALL_PROXY and NO_PROXY as they are now, see <see cref="EnvironmentProxy"/>; without them the system settings
/// on Windows), one given explicitly, or none. The probes and the ARM requests (<see cref="AsWebProxy"/>) use the
/// same selection, so both take the same path with the same credentials.
/// </summary>
internal sealed class ProxySelection
{
    private readonly Func<IWebProxy?> source;

    private ProxySelection(Func<IWebProxy?> source) => this.source = source;

    /// <summary>The proxy variables of this moment: a new selection at every call, so a changed variable counts.</summary>
    public static ProxySelection Default => FromEnvironment(Environment.GetEnvironmentVariables());

    public static ProxySelection None { get; } = new(() => null);

    /// <summary>
    /// The proxy the given variables name. Without one, Windows' system settings (<see cref="HttpClient.DefaultProxy"/>,
    /// which .NET reads once per process); elsewhere a direct connection.
    /// </summary>
    public static ProxySelection FromEnvironment(IDictionary variables)
    {
        IWebProxy? proxy = EnvironmentProxy.TryCreate(variables) ?? (OperatingSystem.IsWindows() ? HttpClient.DefaultProxy : null);
        return new ProxySelection(() => proxy);
    }

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

    /// <summary>
    /// This selection as an <see cref="IWebProxy"/> for an HTTP handler: the same route per host, the proxy named
    /// without its user info, and its credentials given when the proxy asks (407).
    /// </summary>
    public IWebProxy AsWebProxy() => new RoutingProxy(this);

    private static NetworkCredential? CredentialFor(IWebProxy proxy, Uri proxyUri)
    {
        if (!string.IsNullOrEmpty(proxyUri.UserInfo))
        {
            return new NetworkCredential(Uri.UnescapeDataString(proxyUri.UserInfo.Split(':')[0]), EnvironmentProxy.PasswordOf(proxyUri) ?? "");
        }

        // Integrated (Negotiate/NTLM) credentials have no user name; the probe speaks Basic only.
        NetworkCredential? credential = proxy.Credentials?.GetCredential(proxyUri, "Basic");
        return string.IsNullOrEmpty(credential?.UserName) ? null : credential;
    }

    private sealed class RoutingProxy(ProxySelection selection) : IWebProxy, ICredentials
    {
        private readonly ConcurrentDictionary<string, NetworkCredential> credentials = new(StringComparer.OrdinalIgnoreCase);

        public ICredentials? Credentials
        {
            get => this;
            set => throw new NotSupportedException("The proxy's credentials come from its URL or configuration.");
        }

        public Uri? GetProxy(Uri destination)
        {
            ProxyRoute? route = selection.RouteFor(destination.IdnHost);
            if (route is null)
            {
                return null;
            }

            var proxy = new Uri(route.Display);
            if (route.Credential is { } credential)
            {
                credentials[proxy.Authority] = credential;
            }

            return proxy;
        }

        public bool IsBypassed(Uri host) => selection.RouteFor(host.IdnHost) is null;

        public NetworkCredential? GetCredential(Uri uri, string authType) => credentials.GetValueOrDefault(uri.Authority);
    }
}
