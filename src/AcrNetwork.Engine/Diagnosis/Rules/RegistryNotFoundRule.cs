namespace AcrNetwork;

/// <summary>ARM says the registry does not exist in that scope, and nothing on the data path says otherwise.</summary>
internal sealed class RegistryNotFoundRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.ConfigurationFailure is not { Failure: ArmFailure.NotFound } failure || o.RegistryAnswersOnDataPath() && failure.SearchedByName)
        {
            yield break;
        }

        yield return FindingCatalog.Create(
            FindingCode.RegistryNotFound,
            o.Registry,
            $"Azure Resource Manager has no registry named '{o.Registry}' in the scope searched.",
            [$"ARM: {failure.Message}", .. o.SystemDns().Where(d => d.Role == EndpointPurpose.Rest).Select(Facts.Evidence)],
            $"Check the registry's name, subscription and resource group (az acr list --query \"[?name=='{o.Registry}'].id\" across your subscriptions). "
            + "A deleted registry must be recreated, and its clients pointed at it again.");
    }
}
