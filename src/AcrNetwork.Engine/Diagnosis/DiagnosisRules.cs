namespace AcrNetwork;

/// <summary>
/// Every cause the diagnosis knows, and how their findings become a verdict. The order of the list breaks
/// ties between findings at the same stage and severity: the more specific cause first.
/// </summary>
public static class DiagnosisRules
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
    /// them: problems (Errors and Warnings) by the stage of the pull path they act at, then by severity; notes (Info) last.
    /// </summary>
    public static IReadOnlyList<Finding> Evaluate(DiagnosisObservations observations, IReadOnlyList<IDiagnosisRule>? rules = null)
    {
        rules ??= All;
        var produced = rules.Select((rule, index) => (Rule: rule, Index: index, Findings: rule.Evaluate(observations).ToList())).ToList();
        var superseded = produced.Where(p => p.Findings.Count > 0).SelectMany(p => p.Rule.Supersedes).ToHashSet(StringComparer.Ordinal);
        return produced
            .SelectMany(p => p.Findings.Where(f => !superseded.Contains(f.Code)).Select(f => (Finding: f, p.Index)))
            .OrderBy(x => x.Finding.Severity == FindingSeverity.Info)
            .ThenBy(x => x.Finding.Stage)
            .ThenByDescending(x => x.Finding.Severity)
            .ThenBy(x => x.Index)
            .Select(x => x.Finding)
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
