namespace AcrNetwork;

/// <summary>The token exchange refuses the identity (not the firewall), or the token does not allow the pull: a role is missing, or authentication as ARM is off.</summary>
internal sealed class TokenExchangeDeniedRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var refused = o.Rest()
            .Where(t => t.TokenStatus == TokenStatus.Unauthorized || (t.FailedStage == PullStage.Pull && t.ManifestStatus is 401 or 403))
            .ToList();
        if (refused.Count == 0)
        {
            yield break;
        }

        var evidence = refused.Select(Facts.Evidence).ToList();
        if (o.Config?.AuthenticationAsArmEnabled == false)
        {
            evidence.Add("ARM: authentication as ARM is disabled on the registry: it refuses Microsoft Entra tokens for ARM's audience.");
        }

        string name = o.Name();
        string scope = o.Config?.ResourceId ?? $"<{name}'s resource id>";
        yield return FindingCatalog.Create(
            FindingCode.TokenExchangeDenied,
            o.LoginServer,
            $"{o.LoginServer} refuses this identity{(o.Repository is null ? "" : $" the pull of {o.Repository}")}: an authorization problem, not a network one.",
            evidence,
            $"Give the identity a pull role on the registry: az role assignment create --role AcrPull --assignee <identity> --scope {scope}. "
            + $"If authentication as ARM is disabled, enable it (az acr config authentication-as-arm update -r {name} --status enabled) or use a registry token.");
    }
}
