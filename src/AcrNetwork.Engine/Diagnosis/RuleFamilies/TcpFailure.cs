namespace AcrNetwork;

/// <summary>
/// TCP to a public address of the REST endpoint fails; data endpoints and storage failing the same way are named
/// in the same finding (when they work while the REST endpoint does not, their own rules say so).
/// </summary>
internal static class TcpFailure
{
    public static IEnumerable<Finding> Evaluate(DiagnosisObservations o, FindingCode code, Func<TcpStatus?, bool> matches, string what, string why)
    {
        var failing = o.ClientPath()
            .Where(t => t.FailedStage == PullStage.Tcp && t.Address is not null && t.IsPrivate != true && matches(t.TcpStatus))
            .ToList();
        if (!failing.Any(t => t.Role == EndpointPurpose.Rest))
        {
            yield break;
        }

        var addresses = failing.Select(t => $"{t.Address}:443").Distinct().ToList();
        string storageTag = o.Environment.StorageEndpointSuffix;
        yield return o.FindingAbout(
            code,
            failing,
            $"TCP 443 from this client to {o.LoginServer} ({string.Join(", ", addresses)}) {what}.",
            $"{why} Allow outbound TCP 443 to {string.Join(", ", addresses)} ({Facts.Hosts(failing)}). In Azure, an NSG or Azure Firewall rule with the service tag "
            + $"AzureContainerRegistry (and Storage for *.blob.{storageTag}) covers the registry's addresses; a proxy-only network needs HTTPS_PROXY set for this client.");
    }
}
