namespace AcrNetwork;

/// <summary>The questions rules ask of the hosts that serve blobs: data endpoints and storage.</summary>
internal static class BlobHost
{
    /// <summary>What stops a data endpoint or storage host from serving a blob, other than the registry's firewall or TLS inspection.</summary>
    private static bool IsBlocked(EndpointTest t) =>
        Facts.IsCutOff(t)
        || (t.FailedStage == PullStage.Http && !Facts.IsDenied(t) && t.HttpStatus != 429);

    /// <summary>
    /// The blob hosts of a role that are blocked while the REST endpoint answers: logins work and layers fail.
    /// Empty when the REST endpoint does not answer, as its own finding then explains the blob hosts too.
    /// </summary>
    public static List<EndpointTest> BlockedBlobHosts(this DiagnosisObservations o, EndpointPurpose role) =>
        o.RestAnswers() ? o.ClientPath().Where(t => t.Role == role && IsBlocked(t)).ToList() : [];
}
