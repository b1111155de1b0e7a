namespace AcrNetwork;

/// <summary>
/// ARM refused the credential itself (401: an invalid or expired token, another tenant's, another audience's): no role
/// grant helps, a proper token does. The registry's token exchange refusing the same token is the same cause.
/// </summary>
internal sealed class CredentialRejectedRule : IDiagnosisRule
{
    public IReadOnlyList<FindingCode> Supersedes => [FindingCode.TokenExchangeDenied];

    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.ConfigurationFailure is not { Failure: ArmFailure.AuthenticationFailed, ErrorCode: { } code } failure
            || TokenProblem(code) is not { } problem)
        {
            yield break;
        }

        var refused = o.Rest().Where(t => t.TokenStatus == TokenStatus.Unauthorized).ToList();
        var evidence = new List<string> { $"ARM: {failure.Message}" };
        evidence.AddRange(refused.Select(Facts.Evidence));

        string arm = o.Environment.ResourceManagerUrl.AbsoluteUri;
        string fix = code.ToUpperInvariant() switch
        {
            "INVALIDAUTHENTICATIONTOKENTENANT" =>
                $"Get a token from the tenant of the registry's subscription: (Get-AzAccessToken -ResourceUrl {arm} -TenantId <tenant id>).Token, or az account get-access-token --resource {arm} --tenant <tenant id> --query accessToken -o tsv.",
            "INVALIDAUTHENTICATIONTOKENAUDIENCE" =>
                $"Get a token for Resource Manager's audience, {arm}, not for another resource (Microsoft Graph, storage, the registry's own token): (Get-AzAccessToken -ResourceUrl {arm}).Token, or az account get-access-token --resource {arm} --query accessToken -o tsv.",
            "EXPIREDAUTHENTICATIONTOKEN" =>
                $"Get a fresh token just before the run (they last about an hour): (Get-AzAccessToken -ResourceUrl {arm}).Token, or az account get-access-token --resource {arm} --query accessToken -o tsv.",
            _ =>
                $"Give a whole, unaltered Resource Manager token: (Get-AzAccessToken -ResourceUrl {arm}).Token, or az account get-access-token --resource {arm} --query accessToken -o tsv.",
        };
        yield return FindingCatalog.Create(
            FindingCode.CredentialRejected,
            o.LoginServer,
            $"Azure Resource Manager refused the credential itself: the token is {problem}{(refused.Count > 0 ? $", and {o.LoginServer}'s token exchange refused it too" : "")}. No role grant helps; a proper token does.",
            evidence,
            fix + " Or drop -AccessToken and sign in (Connect-AzAccount, az login) or use a managed identity.",
            refused.Count > 0 ? FindingScope.AllPulls : FindingScope.Registry);
    }

    /// <summary>What ARM's 401 code says is wrong with the token; null for a code that is not about the token.</summary>
    public static string? TokenProblem(string armErrorCode) => armErrorCode.ToUpperInvariant() switch
    {
        "INVALIDAUTHENTICATIONTOKEN" => "invalid (malformed, truncated or not signed by Microsoft Entra ID)",
        "EXPIREDAUTHENTICATIONTOKEN" => "expired",
        "INVALIDAUTHENTICATIONTOKENTENANT" => "from the wrong tenant (not the one of the registry's subscription)",
        "INVALIDAUTHENTICATIONTOKENAUDIENCE" => "for the wrong audience (not Resource Manager's)",
        _ => null,
    };
}
