namespace AcrNetwork;

/// <summary>
/// ACR answers 403 DENIED naming the client's IP. Which setting refuses it takes the configuration; without it,
/// or when the configuration does not explain it, this is the finding.
/// </summary>
internal sealed class RegistryFirewallDeniedClientRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var denied = o.Denied();
        if (denied.Count == 0)
        {
            yield break;
        }

        string ip = o.ReportedClientIp() ?? "this client";
        var evidence = denied.Select(Facts.Evidence).ToList();
        if (o.Config is { } config)
        {
            evidence.Add($"ARM: public network access {config.PublicNetworkAccess}, default action {config.DefaultAction}, IP rules [{string.Join(", ", config.IpRules)}], "
                + $"{config.VirtualNetworkRules.Count} VNet rule(s), {config.PrivateEndpoints.Count} private endpoint(s): they do not explain the refusal (a change may still be propagating).");
        }

        string name = o.Name();
        yield return FindingCatalog.Create(
            FindingCode.RegistryFirewallDeniedClient,
            o.TargetOf(denied),
            $"The registry's firewall refuses this client: ACR answered 403 DENIED and saw it as {ip}.",
            evidence,
            $"Allow {ip} on the registry (az acr network-rule add -n {name} --ip-address {ip}), or reach it through a private endpoint or a network it allows. "
            + "Give this command a credential that can read the registry (-AccessToken, Connect-AzAccount) to learn which setting refuses it.",
            o.ScopeOf(denied));
    }
}
