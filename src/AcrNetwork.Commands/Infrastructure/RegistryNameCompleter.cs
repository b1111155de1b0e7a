using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AcrNetwork.Commands;

/// <summary>Completes -Name with the registries the module's credential can see (see <see cref="RegistryCompletionSource"/>).</summary>
internal sealed class RegistryNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        return CompletionResults.StartingWith(
            RegistryCompletionSource.Registries(fakeBoundParameters)
                .Select(r => r.Name)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.OrdinalIgnoreCase),
            wordToComplete);
    }
}
