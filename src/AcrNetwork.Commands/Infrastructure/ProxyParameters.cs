using System.Collections;
using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>-Proxy and -NoProxy, shared by the cmdlets that probe endpoints.</summary>
internal static class ProxyParameters
{
    /// <summary>
    /// The proxy the probes and ARM requests use, decided afresh for each command from <paramref name="variables"/>
    /// (the process environment as the command starts); bad usage (both given, or a URL that is not http(s)) ends the command.
    /// </summary>
    public static ProxySelection Select(PSCmdlet cmdlet, Uri? proxy, bool noProxy, IDictionary variables)
    {
        if (proxy is not null && noProxy)
        {
            cmdlet.ThrowTerminatingError(AcrErrors.ConflictingParameters("Proxy", "NoProxy"));
        }

        // The passwords of every proxy URL this command may quote are masked wherever they appear, escaped or not.
        Redaction.Register(EnvironmentProxy.PasswordOf(proxy));
        foreach (string name in new[] { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" })
        {
            Redaction.Register(EnvironmentProxy.PasswordOf(EnvironmentProxy.ParseProxyUri(variables[name] as string)));
        }

        try
        {
            return noProxy ? ProxySelection.None : proxy is null ? ProxySelection.FromEnvironment(variables) : ProxySelection.Explicit(proxy);
        }
        catch (ArgumentException)
        {
            cmdlet.ThrowTerminatingError(AcrErrors.InvalidProxy());
            throw;
        }
    }
}
