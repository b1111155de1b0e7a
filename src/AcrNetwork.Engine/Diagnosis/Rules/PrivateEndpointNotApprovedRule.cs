namespace AcrNetwork;

/// <summary>A private endpoint connection is Pending, Rejected or Disconnected: no traffic passes through it.</summary>
internal sealed class PrivateEndpointNotApprovedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.PrivateEndpointUnreachable];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var unapproved = o.Config?.PrivateEndpoints
            .Where(e => e.ConnectionStatus is PrivateEndpointConnectionStatus.Pending or PrivateEndpointConnectionStatus.Rejected or PrivateEndpointConnectionStatus.Disconnected)
            .ToList() ?? [];
        if (unapproved.Count == 0)
        {
            yield break;
        }

        // On this client's path when it connects to a private address and cannot.
        var blocked = o.ClientPath().Where(t => t.IsPrivate == true && t.FailedStage == PullStage.Tcp).ToList();
        var evidence = unapproved.Select(e => $"Private endpoint {e.Name}: connection {e.ConnectionName ?? ""} is {e.ConnectionStatus}{(string.IsNullOrEmpty(e.ConnectionDescription) ? "" : $" ('{e.ConnectionDescription}')")} (ARM).").ToList();
        evidence.AddRange(blocked.Select(Facts.Evidence));
        string name = o.Name();
        string remediation = string.Join(" ", unapproved.Select(e => e.ConnectionStatus == PrivateEndpointConnectionStatus.Pending
            ? $"Approve {e.Name}: az acr private-endpoint-connection approve -r {name} -n {e.ConnectionName ?? e.Name}."
            : $"{e.Name} is {e.ConnectionStatus}: delete it and create it again (az network private-endpoint delete, then create with --group-id registry), then approve the new connection if it needs approval."));
        yield return FindingCatalog.Create(
            FindingCode.PrivateEndpointNotApproved,
            string.Join(", ", unapproved.Select(e => e.Name)),
            $"The private endpoint {string.Join(", ", unapproved.Select(e => $"{e.Name} is {e.ConnectionStatus}"))}: the registry accepts no traffic through it.",
            evidence,
            remediation,
            blocked.Count > 0 ? o.ScopeOf(blocked) : FindingScope.Registry,
            blocked.Count > 0 ? PullStage.Tcp : PullStage.Configuration);
    }
}
