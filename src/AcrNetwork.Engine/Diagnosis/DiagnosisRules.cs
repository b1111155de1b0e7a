namespace AcrNetwork;

/// <summary>
/// Every cause the diagnosis knows, and how their findings become a verdict. The order of the list decides
/// nothing: ties between findings at the same stage and severity go by the precedence <see cref="FindingCode"/> declares.
/// </summary>
internal static class DiagnosisRules
{
    public static IReadOnlyList<IDiagnosisRule> All { get; } =
    [
        new DnsNameNotFoundRule(),
        new PrivateLinkHostUsedRule(),
        new DnsServerUnreachableRule(),
        new PrivateDnsZoneNotLinkedRule(),
        new CustomDnsServerCannotSeeZoneRule(),
        new PrivateEndpointDnsNotUsedRule(),
        new PrivateDnsRecordMissingRule(),
        new PrivateDnsRecordMismatchRule(),
        new DnsResolversDisagreeRule(),
        new DataEndpointNotResolvableRule(),
        new ProxyAuthenticationRequiredRule(),
        new ProxyDeniedRule(),
        new ProxySchemeMismatchRule(),
        new ProxyConnectFailedRule(),
        new PrivateEndpointNotApprovedRule(),
        new AksNodePoolNetworkRule(),
        new NsgDeniesRegistryTrafficRule(),
        new AzureFirewallDeniesRegistryRule(),
        new RouteDivertsRegistryTrafficRule(),
        new VirtualNetworkNotConnectedRule(),
        new PrivateEndpointUnreachableRule(),
        new Ipv6PathBlockedRule(),
        new TcpConnectTimeoutRule(),
        new TcpConnectRefusedRule(),
        new TlsInterceptionDetectedRule(),
        new TlsHandshakeFailedRule(),
        new ServiceEndpointMissingRule(),
        new ClientIpNotAllowedRule(),
        new PublicNetworkAccessDisabledRule(),
        new RegistryFirewallDeniedClientRule(),
        new RegistryThrottledRule(),
        new RegistryChallengeMissingRule(),
        new CredentialRejectedRule(),
        new TokenExchangeDeniedRule(),
        new KubeletIdentityCannotPullRule(),
        new ManifestNotFoundRule(),
        new DataEndpointBlockedRule(),
        new StorageEndpointBlockedRule(),
        new RegionalEndpointBlockedRule(),
        new RegistryNotFoundRule(),
        new NetworkRulesRequirePremiumRule(),
        new IpRuleMalformedRule(),
        new TrustedServicesBlockedRule(),
        new TasksBlockedByNetworkRulesRule(),
        new ResourceProviderNotRegisteredRule(),
        new ServiceIntegrationUnsupportedRule(),
        new DedicatedDataEndpointsDisabledRule(),
        new ConfigurationUnavailableRule(),
        new ClientEgressNotControllableRule(),
    ];

    /// <summary>
    /// The findings of every rule, without those a more specific finding explains, in the order a person should read
    /// them: problems (Errors and Warnings) by the stage of the pull path they act at, then by severity, then by the
    /// precedence of their codes, an AKS cluster's node pools before the client's own network at the same code; notes
    /// (Info) last.
    /// </summary>
    public static IReadOnlyList<Finding> Evaluate(DiagnosisObservations observations, IReadOnlyList<IDiagnosisRule>? rules = null)
    {
        var produced = (rules ?? All).Select(rule => (Rule: rule, Findings: rule.Evaluate(observations).ToList())).ToList();
        var superseded = produced.Where(p => p.Findings.Count > 0).SelectMany(p => p.Rule.Supersedes).ToHashSet();
        return produced
            .SelectMany(p => p.Findings)
            .Where(f => !superseded.Contains(f.CatalogCode))
            .OrderBy(f => f.Severity == FindingSeverity.Info)
            .ThenBy(f => f.Stage)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.CatalogCode)
            .ThenByDescending(f => f.AboutAksNodePools)
            .ToList();
    }

    /// <summary>findings.md: Blocked by an Error on every pull's path, Degraded by Warnings or partial Errors, Inconclusive when nothing was probed.</summary>
    public static DiagnosisVerdict Verdict(DiagnosisObservations observations, IReadOnlyList<Finding> findings)
    {
        if (observations.Dns.Count == 0 && observations.Endpoints.Count == 0)
        {
            return DiagnosisVerdict.Inconclusive;
        }

        if (findings.Any(f => f.Severity == FindingSeverity.Error && f.Scope == FindingScope.AllPulls))
        {
            return DiagnosisVerdict.Blocked;
        }

        return findings.Any(f => f.Severity != FindingSeverity.Info) ? DiagnosisVerdict.Degraded : DiagnosisVerdict.Healthy;
    }
}
