using System.Collections;
using System.Runtime.InteropServices;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

/// <summary>Which proxy settings the diagnosis was told to use.</summary>
[JsonConverter(typeof(StringEnumConverter))]
internal enum ProxyMode
{
    /// <summary>What .NET (and PowerShell) would use: the proxy variables, or the system settings on Windows.</summary>
    Default,

    /// <summary>The proxy given with -Proxy.</summary>
    Explicit,

    /// <summary>-NoProxy: every endpoint directly.</summary>
    None,
}

/// <summary>The proxy one endpoint is reached through (null: directly), and the setting that decided it.</summary>
public sealed class EndpointProxy
{
    public string Fqdn { get; init; } = "";

    /// <summary>The proxy without credentials; null for a direct connection.</summary>
    public string? Proxy { get; init; }
    public string Reason { get; init; } = "";
    public override string ToString() => $"{Fqdn}: {Proxy ?? "direct"} ({Reason})";
}

/// <summary>
/// Explains the proxy decision .NET makes for an endpoint, in the terms of the variables that made it.
/// The decision itself is .NET's (<see cref="ProxySelection"/>); this only names why, and where Docker's
/// daemon, which reads NO_PROXY differently, would decide otherwise.
/// </summary>
internal static class EndpointProxyExplainer
{
    public static EndpointProxy Explain(string host, ProxySelection selection, ProxyMode mode, IDictionary variables)
    {
        ProxyRoute? route = selection.RouteFor(host);
        string? proxy = route?.Display;
        string reason = mode switch
        {
            ProxyMode.None => "-NoProxy: connected directly.",
            ProxyMode.Explicit => "-Proxy was given.",
            _ when RuntimeInformation.IsOSPlatform(OSPlatform.Windows) =>
                proxy is null ? "The system proxy settings send it directly." : "The system proxy settings (Internet Options, WinHTTP) name this proxy.",
            _ => FromVariables(host, proxy, variables),
        };
        return new EndpointProxy { Fqdn = host, Proxy = proxy, Reason = reason };
    }

    private static string FromVariables(string host, string? proxy, IDictionary variables)
    {
        string? Get(string name) => variables.Contains(name) && variables[name] is string { Length: > 0 } value ? value : null;

        // .NET's order for https:// URLs: https_proxy, HTTPS_PROXY, then all_proxy, ALL_PROXY; no_proxy before NO_PROXY.
        string? proxyVariable = new[] { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }.FirstOrDefault(name => Get(name) is not null);
        string? noProxyVariable = new[] { "no_proxy", "NO_PROXY" }.FirstOrDefault(name => Get(name) is not null);
        string[] entries = EnvironmentProxy.ParseNoProxy(noProxyVariable is null ? null : Get(noProxyVariable));

        if (proxyVariable is null)
        {
            return "No HTTPS_PROXY or ALL_PROXY is set: connected directly.";
        }

        string setting = $"{proxyVariable}={Redaction.Text(Get(proxyVariable))}";
        if (proxy is null)
        {
            string? match = entries.FirstOrDefault(entry => EnvironmentProxy.NoProxyMatches(entry, host));
            return match is null
                ? $"{setting} is set, but {noProxyVariable ?? "NO_PROXY"} excludes {host}: connected directly."
                : $"{noProxyVariable} entry '{match}' matches {host}: connected directly, not through {setting}.";
        }

        string? dockerOnly = entries.FirstOrDefault(entry => !EnvironmentProxy.NoProxyMatches(entry, host) && DockerBypasses(entry, host));
        string docker = dockerOnly is null
            ? ""
            : $" Docker's daemon would connect directly ({noProxyVariable} '{dockerOnly}' covers subdomains for Docker, not for .NET): the two may not take the same path.";
        return noProxyVariable is null
            ? $"{setting} applies; no NO_PROXY is set.{docker}"
            : $"{setting} applies; no {noProxyVariable} entry matches {host}.{docker}";
    }

    /// <summary>Docker (Go's httpproxy): 'example.com' and '.example.com' both match the domain and its subdomains; '*' matches all.</summary>
    private static bool DockerBypasses(string entry, string host)
    {
        string domain = entry.TrimStart('*').TrimStart('.');
        return entry == "*" || host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }
}
