using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>The completions a completer offers: its values that start with the word typed so far, quotes aside.</summary>
internal static class CompletionResults
{
    public static List<CompletionResult> StartingWith(IEnumerable<string> values, string wordToComplete)
    {
        string prefix = wordToComplete.Trim('\'', '"');
        return values
            .Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value))
            .ToList();
    }
}
