namespace AcrNetwork;

/// <summary>Without dedicated data endpoints, firewalls must allow all of blob storage; enabling them narrows that (Premium).</summary>
internal sealed class DedicatedDataEndpointsDisabledRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        bool storageFailed = o.ClientPath().Any(t => t.Role == EndpointPurpose.Storage && t.Status == EndpointStatus.Failed);
        if (o.Config is not { DataEndpointEnabled: false } config || !(config.Sku == RegistrySku.Premium || storageFailed))
        {
            yield break;
        }

        yield return FindingCatalog.Create(
            FindingCode.DedicatedDataEndpointsDisabled,
            config.Name,
            $"{config.Name} serves layers from blob storage: a client firewall must allow *.blob.{o.Environment.StorageEndpointSuffix}, far wider than the registry.",
            [$"ARM: SKU {config.Sku}, dataEndpointEnabled false.", .. o.ClientPath().Where(t => t.Role == EndpointPurpose.Storage).Select(Facts.Evidence)],
            config.Sku == RegistrySku.Premium
                ? $"az acr update -n {config.Name} --data-endpoint-enabled true, then allow {string.Join(", ", config.Regions.Select(r => $"{config.Name}.{r}.data.{o.Environment.ContainerRegistryEndpointSuffix}"))} instead of all blob storage."
                : $"Dedicated data endpoints need Premium (az acr update -n {config.Name} --sku Premium, then --data-endpoint-enabled true); until then allow *.blob.{o.Environment.StorageEndpointSuffix}.",
            FindingScope.Registry);
    }
}
