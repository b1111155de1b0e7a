namespace AcrNetwork;

/// <summary>
/// Endpoints whose proxy failed them one way, named with the proxy and the setting that chose it; when the same
/// proxy failed the read from ARM the same way, that is evidence too.
/// </summary>
internal static class ProxyFailure
{
    public static IEnumerable<Finding> Evaluate(DiagnosisObservations o, FindingCode code, Func<ProxyStatus?, bool> matches, Func<string, string> summary, Func<string, IReadOnlyList<EndpointTest>, string> remediation)
    {
        var failing = o.ClientPath().Where(t => t.FailedStage == PullStage.Proxy && matches(t.ProxyStatus)).ToList();
        foreach (IGrouping<string?, EndpointTest> proxy in failing.GroupBy(t => t.Proxy))
        {
            string name = proxy.Key ?? "the proxy";
            var evidence = proxy.Select(Facts.Evidence).ToList();
            if (o.ConfigurationFailure is { Proxy: { } armProxy } arm && armProxy == proxy.Key && matches(arm.ProxyStatus))
            {
                evidence.Add($"ARM: {arm.Message}");
            }

            evidence.AddRange(proxy.Select(t => o.ProxyReason(t.Fqdn)).OfType<string>().Distinct().Select(reason => $"Why this proxy: {reason}"));
            yield return FindingCatalog.Create(code, name, summary(name), evidence, remediation(name, [.. proxy]), o.ScopeOf(proxy));
        }
    }
}
