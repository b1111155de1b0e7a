using System.Text;

namespace AcrNetwork.Commands;

/// <summary>
/// Native commands pipe text line by line: <c>az acr show -o json | …</c> arrives as many strings that only parse
/// together. Once a line opens a JSON document, every string piped after it belongs to that text.
/// </summary>
internal sealed class PipedJsonText
{
    private readonly StringBuilder text = new();

    /// <summary>Keeps <paramref name="value"/> when it is a line of piped JSON; false for anything else.</summary>
    public bool TryAppend(object value)
    {
        if (value is not string line || (text.Length == 0 && !RegistryInputReader.LooksLikeJson(line)))
        {
            return false;
        }

        text.AppendLine(line);
        return true;
    }

    /// <summary>The JSON piped so far, or null when none was.</summary>
    public string? Text => text.Length == 0 ? null : text.ToString();
}
