namespace AcrNetwork;

/// <summary>The registry disables public access, has no private endpoint this client could use instead, and the client comes over the public path.</summary>
internal sealed class PublicNetworkAccessDisabledRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.RegistryFirewallDeniedClient];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        // With a private endpoint, disabled public access is the design: not using the endpoint is the cause.
        if (o.Config is not { PublicNetworkAccess: PublicNetworkAccess.Disabled, PrivateEndpoints.Count: 0 } config)
        {
            yield break;
        }

        var denied = o.Denied();
        if (denied.Count == 0)
        {
            yield break;
        }

        string ip = o.ReportedClientIp() ?? "this client";
        yield return FindingCatalog.Create(
            FindingCode.PublicNetworkAccessDisabled,
            o.TargetOf(denied),
            $"{config.Name} disables public network access and has no private endpoint: every client on the public path, {ip} included, is refused.",
            [.. denied.Select(Facts.Evidence), $"ARM: publicNetworkAccess Disabled, no private endpoint connection."],
            $"Reach the registry through a private endpoint (az network private-endpoint create --group-id registry --private-connection-resource-id {config.ResourceId ?? "<registry id>"} ...) "
            + $"with the '{o.Environment.PrivateLinkZone}' zone linked to the client's VNet; or open public access to chosen addresses: "
            + $"az acr update -n {config.Name} --public-network-enabled true --default-action Deny, then az acr network-rule add -n {config.Name} --ip-address {ip}.",
            o.ScopeOf(denied));
    }
}
