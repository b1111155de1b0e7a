namespace AcrNetwork;

/// <summary>The registry's configuration could not be read (no credential, no permission, ARM unreachable) or only in part: says what could not be checked.</summary>
internal sealed class ConfigurationUnavailableRule : IDiagnosisRule
{
    private const string Unchecked = "the registry's firewall (public access, IP and VNet rules), its private endpoints and their approval, the private DNS zone's records, trusted services and the SKU";

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.Config is { } config)
        {
            if (config.UnreadResources.Count > 0)
            {
                yield return FindingCatalog.Create(
                    FindingCode.ConfigurationUnavailable,
                    config.Name,
                    $"Part of {config.Name}'s configuration could not be read: what depends on it was not checked.",
                    config.UnreadResources.Select(u => $"Not read: {u}"),
                    "Give the identity Reader on the registry's private endpoints, their network interfaces and the private DNS zones (Network Reader or Reader on their resource groups).",
                    FindingScope.Registry);
            }

            yield break;
        }

        if (o.ConfigurationFailure is not { } failure || (failure.Failure == ArmFailure.NotFound && !(failure.SearchedByName && o.RegistryAnswersOnDataPath())))
        {
            yield break;
        }

        string remediation = failure.Failure switch
        {
            ArmFailure.CredentialUnavailable =>
                "Give a credential that can read the registry: -AccessToken (az account get-access-token --query accessToken -o tsv), Connect-AzAccount in this session, az login, or a managed identity.",
            ArmFailure.NotFound or ArmFailure.Forbidden =>
                $"Give the identity Reader on the registry (and on its private endpoints and DNS zones): az role assignment create --role Reader --assignee <identity> --scope <{o.Registry}'s resource id>. "
                + "A pull role (AcrPull) does not let it read the configuration.",
            ArmFailure.AuthenticationFailed => "Sign in again or get a fresh token for this cloud's Resource Manager (tokens expire after about an hour).",
            ArmFailure.Unreachable or ArmFailure.Unavailable =>
                $"This client cannot read {o.Environment.ResourceManagerUrl}: allow it through the firewall or proxy, or run the diagnosis with a registry export (az acr show -o json | Invoke-AcrTroubleshooter).",
            _ => "Read the configuration another way and pipe it in: az acr show -n <registry> -o json | Invoke-AcrTroubleshooter.",
        };
        string why = failure.Failure == ArmFailure.NotFound
            ? $"ARM shows this identity no registry named '{o.Registry}', though the registry answers on the data path: the identity may not read it."
            : failure.Message;
        yield return FindingCatalog.Create(
            FindingCode.ConfigurationUnavailable,
            o.Registry,
            $"The registry's configuration could not be read, so the diagnosis used the data path only: it could not check {Unchecked}.",
            [why],
            remediation,
            FindingScope.Registry);
    }
}
