using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>An image in a registry: <c>repository[:tag]</c> or <c>repository@digest</c> (the tag defaults to <c>latest</c>).</summary>
public sealed partial class RepositoryReference
{
    // The distribution spec's grammar for repository names, tags and digests.
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$")]
    private static partial Regex DigestPattern();

    private RepositoryReference(string name, string reference, bool isDigest)
    {
        Name = name;
        Reference = reference;
        IsDigest = isDigest;
    }

    public string Name { get; }

    /// <summary>The tag or the digest.</summary>
    public string Reference { get; }
    public bool IsDigest { get; }

    public override string ToString() => IsDigest ? $"{Name}@{Reference}" : $"{Name}:{Reference}";

    /// <summary>True for a content digest (<c>sha256:...</c>), safe to put in a URL path.</summary>
    public static bool IsValidDigest(string? digest) => digest is not null && DigestPattern().IsMatch(digest);

    /// <summary>The reference, or an explanation of what is wrong with the text and what to type instead.</summary>
    public static RepositoryReference Parse(string value)
    {
        string text = (value ?? "").Trim();
        string name = text;
        string reference = "latest";
        bool isDigest = false;

        int at = text.IndexOf('@');
        if (at >= 0)
        {
            name = text[..at];
            reference = text[(at + 1)..];
            isDigest = true;
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon > text.LastIndexOf('/'))
            {
                name = text[..colon];
                reference = text[(colon + 1)..];
            }
        }

        int slash = name.IndexOf('/');
        if (slash > 0 && name[..slash].Contains('.'))
        {
            throw new FormatException(
                $"'{value}' starts with a registry host; give the repository alone, e.g. -Repository {text[(slash + 1)..]}.");
        }

        if (!NamePattern().IsMatch(name))
        {
            throw new FormatException(
                $"'{value}' is not a repository name: lowercase letters and digits, separated by '.', '_', '__', '-' or '/', e.g. samples/hello:v1.");
        }

        if (isDigest ? !DigestPattern().IsMatch(reference) : !TagPattern().IsMatch(reference))
        {
            throw new FormatException(isDigest
                ? $"'{reference}' is not a digest such as sha256:<64 hex digits>."
                : $"'{reference}' is not a tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.");
        }

        return new RepositoryReference(name, reference, isDigest);
    }
}
