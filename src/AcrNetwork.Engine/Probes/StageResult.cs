namespace AcrNetwork;

/// <summary>Why an endpoint test stopped at a stage: what a person reads, and the exact error.</summary>
internal sealed record StageFailure(PullStage Stage, string Message, string? Error);

/// <summary>
/// What one stage of an endpoint test found, produced by that stage's code and never changed after. The derived
/// record holds the stage's facts; a stage either stopped the test (<see cref="Failure"/>) or may add a note to
/// the message of a test that passed.
/// </summary>
internal abstract record StageResult
{
    public StageFailure? Failure { get; init; }

    public string? Note { get; init; }
}
