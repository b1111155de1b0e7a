namespace AcrNetwork;

/// <summary>A network-restricted registry: names the Azure services that cannot reach it that way.</summary>
public sealed class ServiceIntegrationUnsupportedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { } config || !config.EnforcesRestriction())
        {
            yield break;
        }

        var services = new List<string>
        {
            "App Service and Azure Container Instances pull over the public path and are not trusted services: use VNet integration with the private endpoint, or an allowed egress.",
            "AKS pulls from its nodes: their subnet or egress address must be allowed, or the cluster's VNet must resolve the private endpoint.",
        };
        if (config.PrivateEndpoints.Count > 0)
        {
            services.Add("Microsoft Defender for Cloud cannot scan images of a registry reachable only through private endpoints.");
        }

        if (config.TrustedServicesBypass != TrustedServicesBypass.None)
        {
            services.Add("Trusted services (ACR Tasks, Defender, Machine Learning) pass, with a managed identity that has a role on the registry.");
        }

        yield return FindingCatalog.Create(
            "ServiceIntegrationUnsupported",
            config.Name,
            $"{config.Name} is network-restricted: some Azure services cannot reach it that way.",
            [$"ARM: public network access {config.PublicNetworkAccess}, default action {config.DefaultAction}, {config.PrivateEndpoints.Count} private endpoint(s), trusted services {config.TrustedServicesBypass}.", .. services],
            "Give each Azure service that pulls a path the registry allows: a trusted service's managed identity, a subnet or egress address in the rules, or the private endpoint from its VNet.",
            FindingScope.Registry);
    }
}
