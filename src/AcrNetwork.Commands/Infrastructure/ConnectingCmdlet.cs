using System.Collections;
using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Base for the cmdlets that connect to a registry's endpoints (<c>Test-AcrEndpoint</c>, <c>Invoke-AcrTroubleshooter</c>):
/// the proxy they connect through, chosen once per command, and how many registries they take at once.
/// </summary>
public abstract class ConnectingCmdlet : ProbingCmdlet
{
    /// <summary>The proxy to use instead of the one .NET would use; credentials may be given in the URL.</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>Connect directly, whatever the proxy settings say.</summary>
    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>How many registries to take at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>The process environment as the command started: the probes, ARM and the explanation of each proxy decision agree on it.</summary>
    private protected IDictionary EnvironmentVariables { get; private set; } = new Hashtable();

    /// <summary>The proxy every connection of this command goes through (or none), from -Proxy, -NoProxy or <see cref="EnvironmentVariables"/>.</summary>
    private protected ProxySelection ProxySelection { get; private set; } = ProxySelection.Default;

    private protected override Task BeginProcessingAsync(CmdletOutput output, CancellationToken cancellationToken) => output.OnPipelineThreadAsync(() =>
    {
        EnvironmentVariables = System.Environment.GetEnvironmentVariables();
        return ProxySelection = SelectProxy();
    });

    /// <summary>
    /// The proxy decided afresh for each command; bad usage (both -Proxy and -NoProxy, or a URL that is not http(s))
    /// ends the command.
    /// </summary>
    private ProxySelection SelectProxy()
    {
        if (Proxy is not null && NoProxy)
        {
            ThrowTerminatingError(AcrErrors.ConflictingParameters("Proxy", "NoProxy"));
        }

        // The passwords of every proxy URL this command may quote are masked wherever they appear, escaped or not.
        Redaction.Register(EnvironmentProxy.PasswordOf(Proxy));
        foreach (string name in new[] { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" })
        {
            Redaction.Register(EnvironmentProxy.PasswordOf(EnvironmentProxy.ParseProxyUri(EnvironmentVariables[name] as string)));
        }

        try
        {
            return NoProxy ? ProxySelection.None : Proxy is null ? ProxySelection.FromEnvironment(EnvironmentVariables) : ProxySelection.Explicit(Proxy);
        }
        catch (ArgumentException)
        {
            ThrowTerminatingError(AcrErrors.InvalidProxy());
            throw;
        }
    }
}
