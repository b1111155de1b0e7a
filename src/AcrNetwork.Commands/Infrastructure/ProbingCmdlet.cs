using System.Management.Automation;
using System.Net;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Base for the cmdlets that probe a registry's names and endpoints (<c>Resolve-AcrPrivateDns</c>, <c>Test-AcrEndpoint</c>,
/// <c>Invoke-AcrTroubleshooter</c>): the resolvers, deadline, credential and client subnet they share, declared once.
/// </summary>
public abstract class ProbingCmdlet : RegistryCmdlet
{
    /// <summary>DNS servers whose answers to compare with the system resolver's: <c>IP</c> or <c>IP:port</c>.</summary>
    [Parameter]
    [DnsServerTransformation]
    public IPEndPoint[] DnsServer { get; set; } = [];

    /// <summary>
    /// The resource ID of the subnet the client runs in (a VM's, an AKS node pool's, a Hybrid Worker's): its VNet, DNS
    /// servers, NSGs, route table and the Azure Firewall its routes lead to are read from ARM and judged for what the client does.
    /// </summary>
    [Parameter]
    [ValidateSubnetResourceId]
    public string? ClientSubnetId { get; set; }

    /// <summary>An ARM access token (string or SecureString); otherwise the Az context or DefaultAzureCredential. None is not an error.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? AccessToken { get; set; }

    /// <summary>The deadline of each probe (a DNS query, a connection, a handshake, a request), and of reading the configuration.</summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int TimeoutSec { get; set; } = 5;
}
