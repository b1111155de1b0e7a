namespace AcrNetwork;

/// <summary>One challenge of a <c>WWW-Authenticate</c> or <c>Proxy-Authenticate</c> header.</summary>
internal sealed class AuthenticationChallenge
{
    public string Scheme { get; init; } = "";
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public string? Token68 { get; init; }
    public override string ToString() => Scheme;
}

/// <summary>The registry's Bearer challenge: where to get a token and for which service.</summary>
internal sealed record BearerChallenge(string Realm, string? Service, string? Scope);

/// <summary>
/// Reads authentication challenges (RFC 9110 section 11.6.1). Registries and proxies send what they like,
/// so nothing here throws: a malformed challenge ends the parse and what came before it is kept.
/// </summary>
internal static class AuthenticationChallengeParser
{
    public static IReadOnlyList<AuthenticationChallenge> Parse(IEnumerable<string> headerValues) =>
        headerValues.SelectMany(Parse).ToList();

    public static IReadOnlyList<AuthenticationChallenge> Parse(string? header)
    {
        var challenges = new List<AuthenticationChallenge>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return challenges;
        }

        var reader = new Reader(header);
        while (true)
        {
            reader.SkipSeparators();
            if (reader.AtEnd)
            {
                break;
            }

            string scheme = reader.ReadToken();
            if (scheme.Length == 0)
            {
                break;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? token68 = null;
            bool malformed = false;
            if (reader.SkipSpaces())
            {
                token68 = reader.TryReadToken68();
                if (token68 is null)
                {
                    malformed = !ReadParameters(reader, parameters);
                }
            }

            challenges.Add(new AuthenticationChallenge { Scheme = scheme, Parameters = parameters, Token68 = token68 });
            if (malformed)
            {
                break;
            }
        }

        return challenges;
    }

    /// <summary>The Bearer challenge with an absolute http(s) realm, or null when there is none.</summary>
    public static BearerChallenge? ParseBearer(IEnumerable<string> headerValues)
    {
        foreach (AuthenticationChallenge challenge in Parse(headerValues))
        {
            if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
                && challenge.Parameters.TryGetValue("realm", out string? realm)
                && Uri.TryCreate(realm, UriKind.Absolute, out Uri? realmUri)
                && (realmUri.Scheme == Uri.UriSchemeHttps || realmUri.Scheme == Uri.UriSchemeHttp))
            {
                challenge.Parameters.TryGetValue("service", out string? service);
                challenge.Parameters.TryGetValue("scope", out string? scope);
                return new BearerChallenge(realm, service, scope);
            }
        }

        return null;
    }

    /// <summary>Reads <c>name=value</c> pairs up to the next challenge; false when the input is malformed.</summary>
    private static bool ReadParameters(Reader reader, Dictionary<string, string> parameters)
    {
        while (true)
        {
            int start = reader.Position;
            reader.SkipSeparators();
            string name = reader.ReadToken();
            if (name.Length == 0)
            {
                return reader.AtEnd;
            }

            reader.SkipSpaces();
            if (!reader.TryConsume('='))
            {
                // A token without '=' is the next challenge's scheme.
                reader.Position = start;
                return true;
            }

            reader.SkipSpaces();
            bool quoted = reader.Peek == '"';
            string? value = quoted ? reader.ReadQuotedString() : reader.ReadToken();
            if (value is null || (!quoted && value.Length == 0))
            {
                return false;
            }

            parameters[name] = value;
            reader.SkipSpaces();
            if (reader.AtEnd)
            {
                return true;
            }

            if (reader.Peek != ',')
            {
                return false;
            }
        }
    }

    private sealed class Reader(string text)
    {
        public int Position { get; set; }
        public bool AtEnd => Position >= text.Length;
        public char Peek => AtEnd ? '\0' : text[Position];

        public bool SkipSpaces()
        {
            int start = Position;
            while (!AtEnd && (Peek == ' ' || Peek == '\t'))
            {
                Position++;
            }

            return Position > start;
        }

        public void SkipSeparators()
        {
            while (!AtEnd && (Peek == ' ' || Peek == '\t' || Peek == ','))
            {
                Position++;
            }
        }

        public bool TryConsume(char expected)
        {
            if (Peek != expected || AtEnd)
            {
                return false;
            }

            Position++;
            return true;
        }

        public string ReadToken()
        {
            int start = Position;
            while (!AtEnd && IsTokenChar(Peek))
            {
                Position++;
            }

            return text[start..Position];
        }

        /// <summary>A token68 credential (<c>Negotiate abc+/==</c>) when that, not parameters, follows the scheme.</summary>
        public string? TryReadToken68()
        {
            int start = Position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                Position++;
            }

            if (Position == start)
            {
                return null;
            }

            while (!AtEnd && Peek == '=')
            {
                Position++;
            }

            // A token68 ends the challenge; "name=value" goes on with a value and is a parameter.
            int end = Position;
            SkipSpaces();
            if (AtEnd || Peek == ',')
            {
                return text[start..end];
            }

            Position = start;
            return null;
        }

        public string? ReadQuotedString()
        {
            Position++;
            var value = new System.Text.StringBuilder();
            while (!AtEnd)
            {
                char c = text[Position++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c == '\\')
                {
                    if (AtEnd)
                    {
                        return null;
                    }

                    c = text[Position++];
                }

                value.Append(c);
            }

            return null;
        }

        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
    }
}
