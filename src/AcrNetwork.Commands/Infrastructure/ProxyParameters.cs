using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>-Proxy and -NoProxy, shared by the cmdlets that probe endpoints.</summary>
internal static class ProxyParameters
{
    /// <summary>The proxy the probes use; bad usage (both given, or a URL that is not http(s)) ends the command.</summary>
    public static ProxySelection Select(PSCmdlet cmdlet, Uri? proxy, bool noProxy)
    {
        if (proxy is not null && noProxy)
        {
            cmdlet.ThrowTerminatingError(AcrErrors.ConflictingParameters("Proxy", "NoProxy"));
        }

        try
        {
            return noProxy ? ProxySelection.None : proxy is null ? ProxySelection.Default : ProxySelection.Explicit(proxy);
        }
        catch (ArgumentException)
        {
            cmdlet.ThrowTerminatingError(AcrErrors.InvalidProxy());
            throw;
        }
    }
}
