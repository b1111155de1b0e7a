using System.Collections;
using System.Net;

namespace AcrNetwork;

/// <summary>
/// The proxy the proxy variables name, read from the variables given, by .NET's rules (HttpEnvironmentProxy):
/// for https:// URLs https_proxy, then HTTPS_PROXY, then all_proxy, ALL_PROXY; for http:// URLs http_proxy,
/// HTTP_PROXY (not under CGI, where HTTP_PROXY is a request header), then the same ALL_PROXY; no_proxy before
/// NO_PROXY. A value may leave out the scheme (http:// is assumed) and carry <c>user:password@</c>, which become
/// the proxy's credentials. .NET builds this once per process (<see cref="HttpClient.DefaultProxy"/>); the module
/// builds it for every command, so a changed variable counts at the next call.
/// </summary>
internal sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? httpProxy;
    private readonly Uri? httpsProxy;
    private readonly string[] bypass;

    private EnvironmentProxy(Uri? httpProxy, Uri? httpsProxy, string[] bypass, ICredentials? credentials)
    {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.bypass = bypass;
        Credentials = credentials;
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy the variables name, or null when none names one (connections go directly).</summary>
    public static EnvironmentProxy? TryCreate(IDictionary variables)
    {
        string? Get(string name) => variables.Contains(name) && variables[name] is string { Length: > 0 } value ? value : null;

        Uri? http = Get("GATEWAY_INTERFACE") is null ? ParseProxyUri(Get("http_proxy")) ?? ParseProxyUri(Get("HTTP_PROXY")) : null;
        Uri? https = ParseProxyUri(Get("https_proxy")) ?? ParseProxyUri(Get("HTTPS_PROXY"));
        if (http is null || https is null)
        {
            Uri? all = ParseProxyUri(Get("all_proxy")) ?? ParseProxyUri(Get("ALL_PROXY"));
            http ??= all;
            https ??= all;
        }

        if (http is null && https is null)
        {
            return null;
        }

        string[] bypass = ParseNoProxy(Get("no_proxy") ?? Get("NO_PROXY"));
        return new EnvironmentProxy(http, https, bypass, CredentialsOf(http, https));
    }

    public Uri? GetProxy(Uri destination) =>
        IsBypassed(destination) ? null : destination.Scheme == Uri.UriSchemeHttps ? httpsProxy : httpProxy;

    public bool IsBypassed(Uri host) =>
        (host.Scheme == Uri.UriSchemeHttps ? httpsProxy : httpProxy) is null
        || bypass.Any(entry => NoProxyMatches(entry, host.IdnHost));

    /// <summary>A proxy variable's value as .NET reads it: [scheme://][user[:password]@]host[:port][/]; null when it names no usable proxy.</summary>
    public static Uri? ParseProxyUri(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string rest = value.Trim();
        string scheme = Uri.UriSchemeHttp;
        int port = 80;
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[7..];
        }
        else if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[8..];
            scheme = Uri.UriSchemeHttps;
            port = 443;
        }
        else if (rest.Contains("://", StringComparison.Ordinal))
        {
            // socks and any other scheme: the module's probes speak HTTP CONNECT only.
            return null;
        }

        rest = rest.TrimEnd('/');
        string? user = null;
        string? password = null;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            string userInfo = rest[..at];
            rest = rest[(at + 1)..];
            int colon = userInfo.IndexOf(':');
            (user, password) = colon < 0 ? (userInfo, null) : (userInfo[..colon], userInfo[(colon + 1)..]);
        }

        string host = rest;
        int bracket = rest.IndexOf(']');
        int portSeparator = rest.LastIndexOf(':');
        if (portSeparator >= 0 && portSeparator > bracket)
        {
            host = rest[..portSeparator];
            if (!int.TryParse(rest.AsSpan(portSeparator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535)
            {
                return null;
            }
        }

        if (host.Length == 0 || Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            return null;
        }

        try
        {
            var builder = new UriBuilder(scheme, host, port);
            if (!string.IsNullOrEmpty(user))
            {
                builder.UserName = Uri.EscapeDataString(Uri.UnescapeDataString(user));
                builder.Password = password is null ? "" : Uri.EscapeDataString(Uri.UnescapeDataString(password));
            }

            return builder.Uri;
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>The password of a proxy URL's user info, unescaped; null without one.</summary>
    public static string? PasswordOf(Uri? proxy)
    {
        int colon = proxy?.UserInfo.IndexOf(':') ?? -1;
        return colon < 0 ? null : Uri.UnescapeDataString(proxy!.UserInfo[(colon + 1)..]);
    }

    /// <summary>NO_PROXY's entries, trimmed, empty ones dropped.</summary>
    public static string[] ParseNoProxy(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>.NET's rule: '.example.com' matches example.com and its subdomains; 'example.com' only itself; no '*'.</summary>
    public static bool NoProxyMatches(string entry, string host) =>
        entry.StartsWith('.')
            ? host.Equals(entry[1..], StringComparison.OrdinalIgnoreCase) || host.EndsWith(entry, StringComparison.OrdinalIgnoreCase)
            : host.Equals(entry, StringComparison.OrdinalIgnoreCase);

    private static ICredentials? CredentialsOf(Uri? http, Uri? https) =>
        http?.UserInfo.Length > 0 || https?.UserInfo.Length > 0 ? new UserInfoCredentials([.. new[] { https, http }.OfType<Uri>()]) : null;

    /// <summary>The user info of whichever proxy URL is asked about, as .NET's environment proxy answers.</summary>
    private sealed class UserInfoCredentials(IReadOnlyList<Uri> proxies) : ICredentials
    {
        public NetworkCredential? GetCredential(Uri uri, string authType)
        {
            Uri? proxy = proxies.FirstOrDefault(p => p.UserInfo.Length > 0 && string.Equals(p.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase));
            if (proxy is null)
            {
                return null;
            }

            return new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo.Split(':')[0]), PasswordOf(proxy) ?? "");
        }
    }
}
