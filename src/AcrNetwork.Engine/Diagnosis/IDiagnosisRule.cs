namespace AcrNetwork;

/// <summary>
/// One cause: when its facts are in the observations, it returns the finding that names it, with the
/// evidence that proves it and the fix. Adding a cause is adding its code to <see cref="FindingCode"/> and a rule to <see cref="DiagnosisRules.All"/>.
/// </summary>
internal interface IDiagnosisRule
{
    IEnumerable<Finding> Evaluate(DiagnosisObservations observations);

    /// <summary>Codes of more general findings this rule's finding explains better: they are dropped when it fires.</summary>
    IReadOnlyList<FindingCode> Supersedes => [];
}
