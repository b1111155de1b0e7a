using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AcrNetwork.Commands;

/// <summary>Completes -Name with the registries the module's credential can see (see <see cref="RegistryCompletionSource"/>).</summary>
public sealed class RegistryNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = wordToComplete.Trim('\'', '"');
        return RegistryCompletionSource.Registries(fakeBoundParameters)
            .Select(r => r.Name)
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name))
            .ToList();
    }
}
