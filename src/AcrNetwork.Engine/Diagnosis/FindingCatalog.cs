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
    }

    public static IReadOnlyDictionary<string, FindingDefinition> Definitions { get; } = new[]
    {
        Define("DnsNameNotFound", FindingSeverity.Error, FindingCause.Configuration, Symptoms.NameDoesNotResolve, TroubleshootNetwork),
        Define("DnsServerUnreachable", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.NameDoesNotResolve, TroubleshootNetwork),
        Define("DataEndpointNotResolvable", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.LayersFail, PrivateEndpointDns),
        Define("PrivateEndpointDnsNotUsed", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.Forbidden, PrivateEndpointDns),
        Define("PrivateDnsRecordMissing", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.NameDoesNotResolve, PrivateLink),
        Define("PrivateDnsRecordMismatch", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("PrivateEndpointNotApproved", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("PrivateEndpointUnreachable", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.HostNotReachable, PrivateLink),
        Define("ResourceProviderNotRegistered", FindingSeverity.Error, FindingCause.VirtualNetworkOrPrivateEndpoint, Symptoms.CannotModifyRules, Docs + "azure-resource-manager/management/resource-providers-and-types"),
        Define("TcpConnectTimeout", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Timeout, FirewallRules),
        Define("TcpConnectRefused", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, FirewallRules),
        Define("DataEndpointBlocked", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
        Define("StorageEndpointBlocked", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
        Define("TlsInterceptionDetected", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.UnknownAuthority, TroubleshootNetwork),
        Define("TlsHandshakeFailed", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("ProxyConnectFailed", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, TroubleshootNetwork),
        Define("ProxyDenied", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.Forbidden, TroubleshootNetwork),
        Define("ProxyAuthenticationRequired", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("ProxySchemeMismatch", FindingSeverity.Error, FindingCause.ClientFirewallOrProxy, Symptoms.ProxyConnectEof, TroubleshootNetwork),
        Define("RegistryFirewallDeniedClient", FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("PublicNetworkAccessDisabled", FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("ClientIpNotAllowed", FindingSeverity.Error, FindingCause.PublicNetworkRules, Symptoms.Forbidden, SelectedNetworks),
        Define("NetworkRulesRequirePremium", FindingSeverity.Warning, FindingCause.Configuration, Symptoms.FailedToSaveSettings, Docs + "container-registry/container-registry-skus"),
        Define("TrustedServicesBlocked", FindingSeverity.Warning, FindingCause.AzureServiceIntegration, Symptoms.TasksCannotPushOrPull, TrustedServices),
        Define("ServiceIntegrationUnsupported", FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.AzureServicePullFails, TrustedServices),
        Define("RegistryChallengeMissing", FindingSeverity.Error, FindingCause.Transient, Symptoms.CannotConnect, TroubleshootNetwork),
        Define("TokenExchangeDenied", FindingSeverity.Error, FindingCause.Authentication, Symptoms.Unauthorized, Authentication),
        Define("RegistryThrottled", FindingSeverity.Warning, FindingCause.Transient, Symptoms.TooManyRequests, Docs + "container-registry/container-registry-skus#service-tier-features-and-limits"),
        Define("RegistryNotFound", FindingSeverity.Error, FindingCause.Configuration, Symptoms.CannotManageSettings, TroubleshootNetwork),
        Define("ConfigurationUnavailable", FindingSeverity.Info, FindingCause.Configuration, Symptoms.CannotManageSettings, TroubleshootNetwork),
        Define("ClientEgressNotControllable", FindingSeverity.Info, FindingCause.AzureServiceIntegration, Symptoms.Forbidden, Docs + "automation/automation-hybrid-runbook-worker"),
        Define("DedicatedDataEndpointsDisabled", FindingSeverity.Info, FindingCause.ClientFirewallOrProxy, Symptoms.LayersFail, FirewallRules),
    }.ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>A finding of a catalogued code; an unknown code is a programming error.</summary>
    public static Finding Create(string code, string target, string summary, IEnumerable<string> evidence, string remediation)
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
        };
    }

    private static FindingDefinition Define(string code, FindingSeverity severity, FindingCause cause, string symptom, string documentationUrl) =>
        new(code, severity, cause, symptom, documentationUrl);
}

public sealed record FindingDefinition(string Code, FindingSeverity Severity, FindingCause Cause, string Symptom, string DocumentationUrl);
