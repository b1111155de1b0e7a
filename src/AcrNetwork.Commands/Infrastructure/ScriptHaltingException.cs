using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// An error that ends the script running the command, as <c>-ErrorAction Stop</c> would. ThrowTerminatingError ends
/// only the statement: the script goes on and <c>pwsh -File</c> exits 0, so an Automation job or CI step passes. On
/// this exception PowerShell halts the script (<c>pwsh -File</c> exits 1, the job fails), and try/catch still sees
/// the error record with its id, category and target.
/// </summary>
internal sealed class ScriptHaltingException : ActionPreferenceStopException
{
    private readonly ErrorRecord errorRecord;

    public ScriptHaltingException(ErrorRecord errorRecord)
        : base(errorRecord.Exception.Message, errorRecord.Exception)
    {
        this.errorRecord = new ErrorRecord(errorRecord, this);
    }

    public override ErrorRecord ErrorRecord => errorRecord;
}
