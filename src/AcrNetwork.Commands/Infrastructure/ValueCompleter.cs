using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AcrNetwork.Commands;

/// <summary>Base for the module's completers: each offers its values that start with the word typed so far, quotes aside.</summary>
internal abstract class ValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"');
        return Values(fakeBoundParameters)
            .Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value))
            .ToList();
    }

    /// <summary>Every value the parameter may take, given what is bound so far on the command line.</summary>
    private protected abstract IEnumerable<string> Values(IDictionary fakeBoundParameters);
}
