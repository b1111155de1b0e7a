namespace AcrNetwork;

/// <summary>The image given to follow does not exist in the registry: its pulls fail with "manifest unknown", whatever the network.</summary>
internal sealed class ManifestNotFoundRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        var missing = o.Rest().Where(t => t.FailedStage == PullStage.Pull && t.ManifestStatus == 404).ToList();
        if (missing.Count == 0)
        {
            yield break;
        }

        string repository = missing[0].Repository ?? o.Repository ?? "the image";
        yield return FindingCatalog.Create(
            FindingCode.ManifestNotFound,
            o.LoginServer,
            $"{repository} does not exist in {o.LoginServer}: the pull path past the manifest could not be followed.",
            missing.Select(Facts.Evidence),
            $"Check the repository and tag: az acr repository show-tags -n {o.Name()} --repository {repository.Split(':', '@')[0]}; then run again with an image that exists.");
    }
}
