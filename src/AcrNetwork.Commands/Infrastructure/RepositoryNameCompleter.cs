using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AcrNetwork.Commands;

/// <summary>Completes -Repository with the repositories in the named registry's catalog (see <see cref="RepositoryCompletionSource"/>).</summary>
internal sealed class RepositoryNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        return CompletionResults.StartingWith(
            RepositoryCompletionSource.Repositories(fakeBoundParameters).Order(StringComparer.OrdinalIgnoreCase),
            wordToComplete);
    }
}
