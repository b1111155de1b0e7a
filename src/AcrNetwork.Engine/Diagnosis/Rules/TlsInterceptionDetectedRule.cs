namespace AcrNetwork;

/// <summary>The certificate is issued by a CA that is not Azure's and the client does not trust: a TLS-inspecting proxy re-signs the traffic.</summary>
internal sealed class TlsInterceptionDetectedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var intercepted = o.ClientPath().Where(Facts.IsIntercepted).ToList();
        if (intercepted.Count == 0)
        {
            yield break;
        }

        var issuers = intercepted.Select(t => t.TlsIssuer ?? "an unnamed issuer").Distinct().ToList();
        var evidence = intercepted.Select(Facts.Evidence).ToList();
        evidence.AddRange(intercepted.Where(t => t.TlsChain.Count > 0).Select(t => $"{t.Fqdn}: chain {string.Join(" > ", t.TlsChain)}; {t.TlsValidationErrors}").Distinct());
        yield return FindingCatalog.Create(
            FindingCode.TlsInterceptionDetected,
            o.TargetOf(intercepted),
            $"TLS to {Facts.Hosts(intercepted)} is re-signed by '{string.Join("', '", issuers)}', not by Azure's CAs, and this client does not trust it: TLS inspection.",
            evidence,
            $"Exempt the registry's hosts (*.{o.Environment.ContainerRegistryEndpointSuffix}, *.data.{o.Environment.ContainerRegistryEndpointSuffix}, *.blob.{o.Environment.StorageEndpointSuffix}) "
            + $"from TLS inspection on the device that issues '{issuers[0]}'; or, where inspection is policy, trust its root CA on the client "
            + "(the system store, and /etc/docker/certs.d/<host>/ca.crt for Docker).",
            o.ScopeOf(intercepted));
    }
}
