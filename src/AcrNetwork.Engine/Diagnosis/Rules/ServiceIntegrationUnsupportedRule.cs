namespace AcrNetwork;

/// <summary>A network-restricted registry: says, per Azure service, what the registry's settings do to it.</summary>
internal sealed class ServiceIntegrationUnsupportedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is not { } config || !config.EnforcesRestriction())
        {
            yield break;
        }

        bool trusted = config.TrustedServicesBypass != TrustedServicesBypass.None;
        string[] services =
        [
            "ACR Tasks: " + config.TasksBypassAllowed switch
            {
                true => "pass the network rules (networkRuleBypassAllowedForTasks true), with a managed identity that has a role on the registry.",
                false => "refused on the public endpoint (networkRuleBypassAllowedForTasks false); a Task on an agent pool in an allowed VNet gets through.",
                null => trusted
                    ? "pass as a trusted service, unless networkRuleBypassAllowedForTasks (not in this configuration: read it with a newer API version) is false."
                    : "refused: trusted services are not let through.",
            },
            // Defender scans registries behind IP rules, VNet rules or private endpoints (public access disabled too), as a trusted service only.
            "Microsoft Defender for Cloud: " + (trusted
                ? "scans as a trusted service, whatever the IP rules, VNet rules and private endpoints."
                : "cannot scan images: trusted services are not let through."),
            "App Service: not a trusted service; pulls over the public path unless the app has VNet integration with a subnet the registry allows or that reaches its private endpoint.",
            "Azure Container Instances: not a trusted service; a container group pulls only when deployed into a VNet that reaches the registry (a subnet rule or the private endpoint), with a managed identity that has AcrPull.",
            "AKS: pulls from its nodes; their subnet or egress address must be allowed, or the cluster's VNet must resolve and reach the private endpoint.",
            "Trusted services (Machine Learning, Defender and others): " + (trusted ? "pass, with a managed identity that has a role on the registry." : "refused (networkRuleBypassOptions None)."),
        ];

        yield return FindingCatalog.Create(
            FindingCode.ServiceIntegrationUnsupported,
            config.Name,
            $"{config.Name} is network-restricted: what that does to each Azure service that pulls or pushes is in the evidence.",
            [$"ARM: public network access {config.PublicNetworkAccess}, default action {config.DefaultAction}, {config.PrivateEndpoints.Count} private endpoint(s), trusted services {config.TrustedServicesBypass}, Tasks bypass {config.TasksBypassAllowed?.ToString() ?? "not given"}.", .. services],
            "Give each Azure service that pulls a path the registry allows: a trusted service's managed identity, a subnet or egress address in the rules, or the private endpoint from its VNet.",
            FindingScope.Registry);
    }
}
