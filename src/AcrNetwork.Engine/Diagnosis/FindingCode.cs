using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using static AcrNetwork.FindingCatalog;

namespace AcrNetwork;

/// <summary>
/// Every cause the diagnosis names, with what it means (<see cref="FindingAttribute"/>); a finding's
/// <see cref="Finding.Code"/> is the member's name, the stable public code of findings.md.
/// The members are declared in order of precedence: among findings at the same stage and severity, the one whose code
/// is declared first is the more specific cause and is read first. Put a new code before the more general codes it
/// competes with.
/// </summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum FindingCode
{
    /// <summary>The login server does not exist in DNS (NXDOMAIN or no address).</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.Configuration, Symptoms.NameDoesNotResolve, Guides.TroubleshootNetwork)]
    DnsNameNotFound,

    /// <summary>The registry was asked for by its private link name (<c>&lt;name&gt;.privatelink.&lt;suffix&gt;</c>), which its certificate does not cover.</summary>
    [Finding(PullStage.Tls, FindingSeverity.Error, FindingCause.Configuration, Symptoms.CertificateNameMismatch, Guides.PrivateLink)]
    PrivateLinkHostUsed,

    /// <summary>No resolver answers for the login server.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.NameDoesNotResolve, Guides.TroubleshootNetwork)]
    DnsServerUnreachable,

    /// <summary>The client's VNet resolves through Azure DNS, and no private DNS zone holding the registry's records is linked to it.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, Guides.PrivateEndpointDns)]
    PrivateDnsZoneNotLinked,

    /// <summary>The client's VNet uses custom DNS servers, and a server lives in a VNet (the client's own or a peered one) that no private DNS zone holding the registry's records is linked to.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, Guides.PrivateEndpointDns)]
    CustomDnsServerCannotSeeZone,

    /// <summary>The registry has a private endpoint, but the client resolves the public address and the public path fails (typically 403 DENIED).</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, Guides.PrivateEndpointDns)]
    PrivateEndpointDnsNotUsed,

    /// <summary>The private link zone (or the resolver) lacks the A record for the registry or a region's data endpoint.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.NameDoesNotResolve, Guides.PrivateLink)]
    PrivateDnsRecordMissing,

    /// <summary>A name resolves to a private address that is not the private endpoint's (a stale record, or another endpoint overwrote a shared zone).</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Guides.PrivateLink)]
    PrivateDnsRecordMismatch,

    /// <summary>The resolvers asked (the system resolver and -DnsServer) give different addresses for a registry name.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Warning, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Guides.PrivateEndpointDns)]
    DnsResolversDisagree,

    /// <summary>A data endpoint does not resolve while the registry does.</summary>
    [Finding(PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.LayersFail, Guides.PrivateEndpointDns)]
    DataEndpointNotResolvable,

    /// <summary>The proxy answers 407: it wants credentials the client did not give, or did not accept them.</summary>
    [Finding(PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, Guides.TroubleshootNetwork)]
    ProxyAuthenticationRequired,

    /// <summary>The proxy answers CONNECT with an error status (403 and others).</summary>
    [Finding(PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Forbidden, Guides.TroubleshootNetwork)]
    ProxyDenied,

    /// <summary>The proxy URL's scheme does not match what the proxy speaks (https:// to a plain HTTP proxy, or the reverse).</summary>
    [Finding(PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, Guides.TroubleshootNetwork)]
    ProxySchemeMismatch,

    /// <summary>The configured proxy cannot be reached, or closes the connection ("proxyconnect tcp: EOF").</summary>
    [Finding(PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, Guides.TroubleshootNetwork)]
    ProxyConnectFailed,

    /// <summary>A private endpoint connection is Pending, Rejected or Disconnected.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Guides.PrivateLink)]
    PrivateEndpointNotApproved,

    /// <summary>An NSG on the client's subnet or NIC denies outbound TCP 443 to an address the client connects to for the registry.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Timeout, Guides.NetworkSecurityGroups)]
    NsgDeniesRegistryTraffic,

    /// <summary>A route sends registry traffic to an Azure Firewall whose policy or rule collections do not allow the registry host on 443 (no rule allows it, or a deny rule matches first).</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, Guides.AzureFirewallRules)]
    AzureFirewallDeniesRegistry,

    /// <summary>A user-defined route of the client's subnet drops registry traffic (next hop None), or sends it to an appliance or a gateway that does not pass it (the connection is cut off on the way).</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Timeout, Guides.UserDefinedRoutes)]
    RouteDivertsRegistryTraffic,

    /// <summary>The client's VNet is not the private endpoint's VNet and no connected peering joins them.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Guides.Peering)]
    VirtualNetworkNotConnected,

    /// <summary>The name resolves to a private address but TCP 443 to it fails (no route, peering, NSG, UDR).</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Guides.PrivateLink)]
    PrivateEndpointUnreachable,

    /// <summary>A dual-stack endpoint works over IPv4 and not over IPv6: clients that try IPv6 first wait for their fallback, and those without one fail.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Warning, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, Guides.FirewallRules)]
    Ipv6PathBlocked,

    /// <summary>TCP 443 to the registry's public address gets no answer: packets are dropped.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, Guides.FirewallRules)]
    TcpConnectTimeout,

    /// <summary>TCP 443 to the registry's public address is refused, reset or has no route.</summary>
    [Finding(PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, Guides.FirewallRules)]
    TcpConnectRefused,

    /// <summary>A certificate from a CA that is not Azure's and that the client does not trust: a TLS-inspecting proxy re-signs the traffic.</summary>
    [Finding(PullStage.Tls, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.UnknownAuthority, Guides.TroubleshootNetwork)]
    TlsInterceptionDetected,

    /// <summary>TLS fails for another reason than inspection (a reset, a name mismatch, an expired certificate, a missing root).</summary>
    [Finding(PullStage.Tls, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, Guides.TroubleshootNetwork)]
    TlsHandshakeFailed,

    /// <summary>The registry admits VNets by rule, and the client's subnet lacks the service endpoint or is not among the rules.</summary>
    [Finding(PullStage.Http, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, Guides.ServiceEndpoints)]
    ServiceEndpointMissing,

    /// <summary>The client's egress IP as ACR saw it matches no IP rule and the default action is Deny.</summary>
    [Finding(PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, Guides.SelectedNetworks)]
    ClientIpNotAllowed,

    /// <summary>The registry disables public access, has no private endpoint this client could use instead, and the client comes over the public path.</summary>
    [Finding(PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, Guides.SelectedNetworks)]
    PublicNetworkAccessDisabled,

    /// <summary>ACR answers 403 DENIED naming the client's IP, and the configuration (when read) does not say which setting refuses it.</summary>
    [Finding(PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, Guides.SelectedNetworks)]
    RegistryFirewallDeniedClient,

    /// <summary>ACR answers 429: the registry's request rate limit for its SKU is reached.</summary>
    [Finding(PullStage.Http, FindingSeverity.Warning, FindingCause.Transient, Symptoms.TooManyRequests, Guides.RegistrySkus)]
    RegistryThrottled,

    /// <summary><c>GET /v2/</c> does not answer 401 with a Bearer challenge (and it is neither the firewall's 403 DENIED nor throttling).</summary>
    [Finding(PullStage.Http, FindingSeverity.Error, FindingCause.Transient, Symptoms.CannotConnect, Guides.TroubleshootNetwork)]
    RegistryChallengeMissing,

    /// <summary>ARM refused the credential itself (401: an invalid or expired token, another tenant's, another audience's): no role grant helps.</summary>
    [Finding(PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.Unauthorized, Guides.Authentication)]
    CredentialRejected,

    /// <summary>The token exchange refuses the identity (not the firewall), or the token does not allow the pull.</summary>
    [Finding(PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.Unauthorized, Guides.Authentication)]
    TokenExchangeDenied,

    /// <summary>The AKS cluster's kubelet identity holds no role that lets it pull from the registry, at the registry or any scope above it.</summary>
    [Finding(PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.AksPullUnauthorized, Guides.AksIntegration)]
    KubeletIdentityCannotPull,

    /// <summary>The image given to follow does not exist in the registry (manifest unknown).</summary>
    [Finding(PullStage.Data, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.ManifestUnknown, Guides.RegistryFaq)]
    ManifestNotFound,

    /// <summary>The REST endpoint works but a data endpoint does not: layers fail in that region.</summary>
    [Finding(PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, Guides.FirewallRules)]
    DataEndpointBlocked,

    /// <summary>Without dedicated data endpoints, the blob storage host a pull is redirected to is unreachable.</summary>
    [Finding(PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, Guides.FirewallRules)]
    StorageEndpointBlocked,

    /// <summary>The login server works but a regional endpoint does not: pulls through that host fail.</summary>
    [Finding(PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, Guides.FirewallRules)]
    RegionalEndpointBlocked,

    /// <summary>ARM says the registry does not exist in that scope, and nothing on the data path says otherwise.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Error, FindingCause.Configuration, Symptoms.CannotManageSettings, Guides.TroubleshootNetwork)]
    RegistryNotFound,

    /// <summary>Network rules or private endpoints on a SKU below Premium: not enforced, and refused when saved.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.FailedToSaveSettings, Guides.RegistrySkus)]
    NetworkRulesRequirePremium,

    /// <summary>ARM returned IP rules that are not addresses or CIDR ranges: they allow no client.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.Forbidden, Guides.SelectedNetworks)]
    IpRuleMalformed,

    /// <summary>A network-restricted registry with networkRuleBypassOptions None: trusted services are locked out.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Warning, FindingCause.AzureServiceIntegration, Symptoms.TasksCannotPushOrPull, Guides.TrustedServices)]
    TrustedServicesBlocked,

    /// <summary>A network-restricted registry with networkRuleBypassAllowedForTasks false: ACR Tasks on the shared infrastructure are refused.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Warning, FindingCause.AzureServiceIntegration, Symptoms.TasksCannotPushOrPull, Guides.TrustedServices)]
    TasksBlockedByNetworkRules,

    /// <summary>A VNet rule's subnet lives in a subscription where Microsoft.ContainerRegistry is not registered.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.CannotModifyRules, Guides.ResourceProviders)]
    ResourceProviderNotRegistered,

    /// <summary>A network-restricted registry: what its settings do to each Azure service.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.AzureServicePullFails, Guides.TrustedServices)]
    ServiceIntegrationUnsupported,

    /// <summary>Without dedicated data endpoints, firewalls must allow all of blob storage; enabling them narrows that (Premium).</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Info, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, Guides.FirewallRules)]
    DedicatedDataEndpointsDisabled,

    /// <summary>The registry's configuration could not be read (no credential, no permission, ARM unreachable) or only in part.</summary>
    [Finding(PullStage.Configuration, FindingSeverity.Info, FindingCause.Configuration, Symptoms.CannotManageSettings, Guides.TroubleshootNetwork)]
    ConfigurationUnavailable,

    /// <summary>The client runs in Cloud Shell or an Automation sandbox, whose outbound address is Microsoft's, not the user's.</summary>
    [Finding(PullStage.Client, FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.Forbidden, Guides.HybridRunbookWorker)]
    ClientEgressNotControllable,
}
