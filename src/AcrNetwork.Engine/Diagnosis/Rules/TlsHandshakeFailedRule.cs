namespace AcrNetwork;

/// <summary>TLS fails for another reason than inspection: a reset, no common protocol, a name mismatch, an expired certificate, a missing root.</summary>
internal sealed class TlsHandshakeFailedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        // A data endpoint or storage host cut off during the handshake is blocked, and says so in its own finding.
        bool restAnswers = o.RestAnswers();
        var failing = o.ClientPath()
            .Where(t => t.FailedStage == PullStage.Tls && !Facts.IsIntercepted(t))
            .Where(t => t.Role == EndpointPurpose.Rest || !restAnswers || !Facts.IsCutOff(t))
            .ToList();
        if (failing.Count == 0)
        {
            yield break;
        }

        bool missingRoot = failing.Any(t => t.TlsStatus == TlsStatus.Untrusted);
        yield return o.FindingAbout(
            FindingCode.TlsHandshakeFailed,
            failing,
            $"The TLS handshake with {Facts.Hosts(failing)} fails ({string.Join(", ", failing.Select(t => t.TlsStatus).Distinct())}).",
            missingRoot
                ? "The certificate is Azure's but this machine does not trust its root (DigiCert Global Root G2, Microsoft RSA/ECC Root Certificate Authority 2017): update the CA bundle (ca-certificates)."
                : "A reset or close during the handshake is usually a firewall filtering by SNI: allow the host names on it. A name mismatch or expired certificate means something other than the registry answers: check DNS and any proxy in between. Enable TLS 1.2 or later.",
            o.ScopeOf(failing));
    }
}
