using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>
/// The one place where text that may hold a secret is made safe to show. Every message the module builds from
/// text it did not write (exception messages from .NET and the Azure SDK, which quote URIs; proxy variables;
/// answers from the network) passes through <see cref="Text"/> before it reaches an object, a stream or an error.
/// Secrets are recognised by their shape, so they are masked even when nobody told the module about them:
/// the password of a URI's user info, the value of a token or signature in a URL query or a form, a bearer
/// token, a JWT (ARM tokens and ACR refresh and access tokens are JWTs); and by their value, for secrets the
/// module was given (<see cref="Register"/>) whatever their shape.
/// </summary>
internal static class Redaction
{
    public const string Mask = "***";

    // Shorter values are too likely to occur in ordinary text to be replaced wherever they appear.
    private const int MinimumRegisteredLength = 6;

    // A session may be given many tokens over time; the newest are the ones its current messages can hold.
    private const int MaxRegistered = 64;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    // [scheme://]user:password@host: the password runs to the last '@' before the host, as .NET reads proxy
    // variables (which may leave out the scheme; an unescaped '@' inside a password is common).
    private static readonly Regex UserInfo = new(
        @"(?<prefix>(?:\b[a-z][a-z0-9+.\-]*://|(?<![^\s'""=]))[^\s/?#:@'""]*:)(?!/)[^\s'""]*@(?=[^\s@'""/]*(?:[\s/?#'""]|$))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    // ?access_token=..., &sig=..., refresh_token=... in a form, "password": "..." in JSON.
    private static readonly Regex NamedValue = new(
        @"(?<prefix>(?:\b|_)(?:access_token|refresh_token|id_token|token|sig|signature|password|passwd|client_secret|secret|code|api[-_]?key|x-ms-signature)(?:=|""?\s*:\s*""))[^&\s'""#,;]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly Regex Bearer = new(
        @"(?<prefix>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=\-]{8,}",
        RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly Regex Jwt = new(
        @"\beyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*",
        RegexOptions.CultureInvariant, MatchTimeout);

    private static readonly object RegisteredLock = new();
    private static readonly LinkedList<string> registered = new();

    /// <summary>
    /// Makes a secret the module was given (an -AccessToken, a proxy password) masked wherever it appears,
    /// in its plain and its URL-escaped form.
    /// </summary>
    public static void Register(string? secret)
    {
        if (secret is null || secret.Trim().Length < MinimumRegisteredLength)
        {
            return;
        }

        lock (RegisteredLock)
        {
            foreach (string form in new[] { secret, Uri.EscapeDataString(secret) }.Distinct(StringComparer.Ordinal))
            {
                registered.Remove(form);
                registered.AddFirst(form);
            }

            while (registered.Count > MaxRegistered)
            {
                registered.RemoveLast();
            }
        }
    }

    /// <summary>The text with every secret replaced by <see cref="Mask"/>; null becomes "".</summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        string safe = text;
        lock (RegisteredLock)
        {
            foreach (string secret in registered)
            {
                safe = safe.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        try
        {
            safe = UserInfo.Replace(safe, "${prefix}" + Mask + "@");
            safe = NamedValue.Replace(safe, "${prefix}" + Mask);
            safe = Bearer.Replace(safe, "${prefix}" + Mask);
            return Jwt.Replace(safe, Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            // Text too convoluted to read within the deadline is not shown at all rather than shown unread.
            return $"({text.Length} characters withheld: they could not be checked for secrets)";
        }
    }

    /// <summary>An exception's message and those of its inner exceptions, redacted: what a user may be shown of a failure.</summary>
    public static string Message(Exception exception)
    {
        var parts = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            // .NET and the SDK often repeat the inner message in the outer one.
            if (!parts.Any(part => part.Contains(current.Message, StringComparison.Ordinal)))
            {
                parts.Add(current.Message);
            }
        }

        return Text(string.Join(" ", parts));
    }

    /// <summary>True when the exception's messages, inner ones included, hold nothing <see cref="Text"/> would mask.</summary>
    public static bool IsClean(Exception? exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (Text(current.Message) != current.Message)
            {
                return false;
            }
        }

        return true;
    }
}
