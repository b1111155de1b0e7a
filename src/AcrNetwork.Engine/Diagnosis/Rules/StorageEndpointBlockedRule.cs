namespace AcrNetwork;

/// <summary>Without dedicated data endpoints, the blob storage host a pull is redirected to is unreachable.</summary>
internal sealed class StorageEndpointBlockedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var failing = o.BlockedBlobHosts(EndpointPurpose.Storage);
        if (failing.Count == 0)
        {
            yield break;
        }

        string storage = $"*.blob.{o.Environment.StorageEndpointSuffix}";
        yield return o.FindingAbout(
            FindingCode.StorageEndpointBlocked,
            failing,
            $"{o.LoginServer} answers, but the storage host its pulls are redirected to ({Facts.Hosts(failing)}) does not: layers cannot be fetched.",
            $"Allow outbound TCP 443 to {Facts.Hosts(failing)}; a firewall rule must allow {storage} (service tag Storage.<region>), as the storage account's name is ACR's. "
            + $"To allow named hosts instead, enable dedicated data endpoints (Premium): az acr update -n {o.Name()} --data-endpoint-enabled true, then allow <registry>.<region>.data.{o.Environment.ContainerRegistryEndpointSuffix}.",
            FindingScope.AllPulls);
    }
}
