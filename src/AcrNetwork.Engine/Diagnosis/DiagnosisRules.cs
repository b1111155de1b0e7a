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
    public static IReadOnlyList<Finding> Evaluate(DiagnosisObservations observations, IReadOnlyList<IDiagnosisRule>? rules = null) =>
        Evaluate(observations, rules, DiagnosisLog.None);

    /// <param name="log">Told each rule that fired, each finding another superseded, and why the first finding is the primary cause.</param>
    internal static IReadOnlyList<Finding> Evaluate(DiagnosisObservations observations, IReadOnlyList<IDiagnosisRule>? rules, DiagnosisLog log)
    {
        var produced = (rules ?? All).Select(rule => (Rule: rule, Findings: rule.Evaluate(observations).ToList())).ToList();
        var fired = produced.Where(p => p.Findings.Count > 0).ToList();
        var superseded = fired.SelectMany(p => p.Rule.Supersedes).ToHashSet();
        foreach ((IDiagnosisRule rule, List<Finding> findings) in fired)
        {
            foreach (Finding finding in findings)
            {
                log.Step.Tell($"{observations.LoginServer}: rule {rule.GetType().Name} fired: {finding.Severity} {finding.Code} at {finding.Stage} on {finding.Target}.");
            }
        }

        foreach ((IDiagnosisRule rule, List<Finding> findings) in fired)
        {
            foreach (FindingCode code in rule.Supersedes.Where(code => fired.Any(p => p.Findings.Any(f => f.CatalogCode == code))).Distinct())
            {
                log.Step.Tell($"{observations.LoginServer}: {code} superseded by {findings[0].Code}, which explains it better.");
            }
        }

        List<Finding> ordered = produced
            .SelectMany(p => p.Findings)
            .Where(f => !superseded.Contains(f.CatalogCode))
            .OrderBy(f => f.Severity == FindingSeverity.Info)
            .ThenBy(f => f.Stage)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.CatalogCode)
            .ThenByDescending(f => f.AboutAksNodePools)
            .ToList();
        log.Step.Tell($"{observations.LoginServer}: {WhyPrimary(ordered)}");
        return ordered;
    }

    /// <summary>Why the first finding leads, in the terms of the order <see cref="Evaluate(DiagnosisObservations, IReadOnlyList{IDiagnosisRule}?)"/> sorts by.</summary>
    private static string WhyPrimary(IReadOnlyList<Finding> ordered)
    {
        if (ordered.Count == 0 || ordered[0].Severity == FindingSeverity.Info)
        {
            return $"no rule found a problem ({ordered.Count} note(s)): no primary cause.";
        }

        Finding primary = ordered[0];
        string chosen = $"primary cause {primary.Code} ({primary.Severity} at {primary.Stage})";
        if (ordered.Count == 1 || ordered[1].Severity == FindingSeverity.Info)
        {
            return $"{chosen}: the only problem found.";
        }

        Finding next = ordered[1];
        string reason = (primary, next) switch
        {
            _ when primary.Stage != next.Stage => $"its stage comes earlier on the pull path than {next.Code}'s ({next.Stage})",
            _ when primary.Severity != next.Severity => $"at the same stage it is more severe than {next.Code} ({next.Severity})",
            _ when primary.CatalogCode != next.CatalogCode => $"at the same stage and severity its code takes precedence over {next.Code}",
            _ => "the AKS node pools' finding goes before the client's own with the same code",
        };
        return $"{chosen}: {reason}; {ordered.Count(f => f.Severity != FindingSeverity.Info) - 1} other problem(s) follow.";
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
