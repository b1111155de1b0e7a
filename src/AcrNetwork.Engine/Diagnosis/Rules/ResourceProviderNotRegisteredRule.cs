namespace AcrNetwork;

/// <summary>A VNet rule's subnet lives in a subscription where Microsoft.ContainerRegistry is not registered.</summary>
internal sealed class ResourceProviderNotRegisteredRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        foreach (ResourceProviderRegistration registration in o.Config?.ProviderRegistrations.Where(r => !r.IsRegistered) ?? [])
        {
            yield return FindingCatalog.Create(
                FindingCode.ResourceProviderNotRegistered,
                registration.SubscriptionId,
                $"{registration.Namespace} is {registration.RegistrationState} in subscription {registration.SubscriptionId}, which holds a subnet of the registry's network rules.",
                [$"{registration} (ARM).", .. o.Config!.VirtualNetworkRules.Where(r => r.SubnetId.Contains(registration.SubscriptionId, StringComparison.OrdinalIgnoreCase)).Select(r => $"VNet rule: {r.SubnetId}")],
                $"az provider register --namespace {registration.Namespace} --subscription {registration.SubscriptionId}",
                FindingScope.Registry);
        }
    }
}
