namespace AcrNetwork;

/// <summary>
/// What every finding code means: severity, cause, the symptom a user sees and where to read more.
/// The codes are a public contract (findings.md); a rule names a code and supplies the facts.
/// </summary>
public static class FindingCatalog
{
    private const string Docs = "https://learn.microsoft.com/azure/";
    private const string TroubleshootNetwork = Docs + "container-registry/container-registry-troubleshoot-access";
    private const string FirewallRules = Docs + "container-registry/container-registry-firewall-access-rules";
    private const string SelectedNetworks = Docs + "container-registry/container-registry-access-selected-networks";
    private const string PrivateLink = Docs + "container-registry/container-registry-private-link";
    private const string PrivateEndpointDns = Docs + "private-link/private-endpoint-dns";
    private const string TrustedServices = Docs + "container-registry/allow-access-trusted-services";
    private const string Authentication = Docs + "container-registry/container-registry-authentication";

    public static class Symptoms
    {
        public const string NameDoesNotResolve = "dial tcp: lookup <registry>: no such host";
        public const string Timeout = "Client.Timeout exceeded while awaiting headers";
        public const string CannotConnect = "Could not connect to the registry login server";
        public const string AzureServicePullFails = "Pulls fail from AKS or another Azure service";
        public const string Forbidden = "login attempt failed with status: 403 Forbidden";
        public const string ProxyConnectEof = "proxyconnect tcp: EOF";
        public const string FailedToSaveSettings = "Failed to save firewall and virtual network settings";
        public const string CannotManageSettings = "Portal / CLI cannot show or manage the registry's settings";
        public const string CannotModifyRules = "Cannot add or modify virtual network or public access rules";
        public const string TasksCannotPushOrPull = "ACR Tasks cannot push or pull";
        public const string DefenderCannotScan = "Microsoft Defender for Cloud cannot scan images, or results do not appear";
        public const string HostNotReachable = "host is not reachable";
        public const string UnknownAuthority = "x509: certificate signed by unknown authority";
        public const string LayersFail = "Login works but pulling layers fails";
        public const string TooManyRequests = "toomanyrequests: 429 Too Many Requests";
        public const string Unauthorized = "unauthorized: authentication required";
        public const string CertificateNameMismatch = "x509: certificate is valid for <registry>, not <host>";
        public const string AksPullUnauthorized = "Failed to pull image: failed to authorize: failed to fetch anonymous token: 401 Unauthorized";
        public const string ManifestUnknown = "manifest unknown: manifest tagged by <tag> is not found";
    }

    public static IReadOnlyDictionary<string, FindingDefinition> Definitions { get; } = new[]
    {
        Define("DnsNameNotFound", PullStage.Dns, FindingSeverity.Error, FindingCause.Configuration, Symptoms.NameDoesNotResolve, TroubleshootNetwork),
        Define("DnsServerUnreachable", PullStage.Dns, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.NameDoesNotResolve, TroubleshootNetwork),
        Define("DataEndpointNotResolvable", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.LayersFail, PrivateEndpointDns),
        Define("PrivateEndpointDnsNotUsed", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, PrivateEndpointDns),
        Define("PrivateDnsRecordMissing", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.NameDoesNotResolve, PrivateLink),
        Define("PrivateDnsRecordMismatch", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("PrivateEndpointNotApproved", PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("PrivateEndpointUnreachable", PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("ResourceProviderNotRegistered", PullStage.Configuration, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.CannotModifyRules, Docs + "azure-resource-manager/management/resource-providers-and-types"),
        Define("TcpConnectTimeout", PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, FirewallRules),
        Define("TcpConnectRefused", PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, FirewallRules),
        Define("DataEndpointBlocked", PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
        Define("StorageEndpointBlocked", PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
        Define("TlsInterceptionDetected", PullStage.Tls, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.UnknownAuthority, TroubleshootNetwork),
        Define("TlsHandshakeFailed", PullStage.Tls, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("ProxyConnectFailed", PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, TroubleshootNetwork),
        Define("ProxyDenied", PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Forbidden, TroubleshootNetwork),
        Define("ProxyAuthenticationRequired", PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("ProxySchemeMismatch", PullStage.Proxy, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, TroubleshootNetwork),
        Define("RegistryFirewallDeniedClient", PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("PublicNetworkAccessDisabled", PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("ClientIpNotAllowed", PullStage.Http, FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("NetworkRulesRequirePremium", PullStage.Configuration, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.FailedToSaveSettings, Docs + "container-registry/container-registry-skus"),
        Define("TrustedServicesBlocked", PullStage.Configuration, FindingSeverity.Warning, FindingCause.AzureServiceIntegration, Symptoms.TasksCannotPushOrPull, TrustedServices),
        Define("ServiceIntegrationUnsupported", PullStage.Configuration, FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.AzureServicePullFails, TrustedServices),
        Define("RegistryChallengeMissing", PullStage.Http, FindingSeverity.Error, FindingCause.Transient, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("TokenExchangeDenied", PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.Unauthorized, Authentication),
        Define("RegistryThrottled", PullStage.Http, FindingSeverity.Warning, FindingCause.Transient, Symptoms.TooManyRequests, Docs + "container-registry/container-registry-skus"),
        Define("RegistryNotFound", PullStage.Configuration, FindingSeverity.Error, FindingCause.Configuration, Symptoms.CannotManageSettings, TroubleshootNetwork),
        Define("ConfigurationUnavailable", PullStage.Configuration, FindingSeverity.Info, FindingCause.Configuration, Symptoms.CannotManageSettings, TroubleshootNetwork),
        Define("ClientEgressNotControllable", PullStage.Client, FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.Forbidden, Docs + "automation/automation-hybrid-runbook-worker"),
        Define("ManifestNotFound", PullStage.Data, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.ManifestUnknown, Docs + "container-registry/container-registry-faq"),
        Define("PrivateDnsZoneNotLinked", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, PrivateEndpointDns),
        Define("CustomDnsServerCannotSeeZone", PullStage.Dns, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, PrivateEndpointDns),
        Define("NsgDeniesRegistryTraffic", PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Timeout, Docs + "virtual-network/network-security-groups-overview"),
        Define("RouteDivertsRegistryTraffic", PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Timeout, Docs + "virtual-network/virtual-networks-udr-overview"),
        Define("VirtualNetworkNotConnected", PullStage.Tcp, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, Docs + "virtual-network/virtual-network-peering-overview"),
        Define("ServiceEndpointMissing", PullStage.Http, FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, Docs + "container-registry/container-registry-vnet"),
        Define("PrivateLinkHostUsed", PullStage.Tls, FindingSeverity.Error, FindingCause.Configuration, Symptoms.CertificateNameMismatch, PrivateLink),
        Define("RegionalEndpointBlocked", PullStage.Data, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, FirewallRules),
        Define("Ipv6PathBlocked", PullStage.Tcp, FindingSeverity.Warning, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, FirewallRules),
        Define("TasksBlockedByNetworkRules", PullStage.Configuration, FindingSeverity.Warning, FindingCause.AzureServiceIntegration, Symptoms.TasksCannotPushOrPull, TrustedServices),
        Define("KubeletIdentityCannotPull", PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.AksPullUnauthorized, Docs + "aks/cluster-container-registry-integration"),
        Define("IpRuleMalformed", PullStage.Configuration, FindingSeverity.Warning, FindingCause.Configuration, Symptoms.Forbidden, SelectedNetworks),
        Define("DedicatedDataEndpointsDisabled", PullStage.Configuration, FindingSeverity.Info, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
        Define("CredentialRejected", PullStage.Token, FindingSeverity.Error, FindingCause.Authentication, Symptoms.Unauthorized, Authentication),
        Define("FirewallDeniesRegistryHost", PullStage.Tcp, FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, Docs + "firewall/rule-processing"),
        Define("DnsResolversDisagree", PullStage.Dns, FindingSeverity.Warning, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateEndpointDns),
    }.ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>A finding of a catalogued code; an unknown code is a programming error.</summary>
    /// <param name="stage">Where on the pull path the cause acts, when not the code's usual stage.</param>
    public static Finding Create(
        string code,
        string target,
        string summary,
        IEnumerable<string> evidence,
        string remediation,
        FindingScope scope = FindingScope.AllPulls,
        PullStage? stage = null)
    {
        if (!Definitions.TryGetValue(code, out FindingDefinition? definition))
        {
            throw new ArgumentException($"'{code}' is not a finding code of the catalogue.", nameof(code));
        }

        return new Finding
        {
            Code = code,
            Severity = definition.Severity,
            Cause = definition.Cause,
            Symptom = definition.Symptom,
            Target = target,
            Summary = summary,
            Evidence = evidence.ToList(),
            Remediation = remediation,
            DocumentationUrl = definition.DocumentationUrl,
            Stage = stage ?? definition.Stage,
            Scope = scope,
        };
    }

    private static FindingDefinition Define(string code, PullStage stage, FindingSeverity severity, FindingCause cause, string symptom, string documentationUrl) =>
        new(code, severity, cause, symptom, documentationUrl, stage);
}

/// <param name="Stage">The stage of the pull path where the cause usually acts.</param>
public sealed record FindingDefinition(string Code, FindingSeverity Severity, FindingCause Cause, string Symptom, string DocumentationUrl, PullStage Stage);
