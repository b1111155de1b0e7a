using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>The first error of a registry error body, with what its message tells.</summary>
internal sealed class AcrError
{
    public string Code { get; init; } = "";
    public string? Message { get; init; }

    /// <summary>From <c>client with IP '&lt;ip&gt;' is not allowed access</c>: the client's egress address as ACR saw it.</summary>
    public string? ClientIp { get; init; }
    public string? CorrelationId { get; init; }
    public override string ToString() => Message is null ? Code : $"{Code}: {Message}";
}

/// <summary>
/// Reads the error bodies registries answer with: the distribution spec's <c>{"errors":[{"code","message"}]}</c>
/// (ACR's 401, 403 DENIED, 429), and the <c>{"error":...}</c> shapes of token endpoints. Never throws.
/// </summary>
internal static partial class AcrErrorParser
{
    [GeneratedRegex(@"client with IP\s+'?(?<ip>[0-9A-Fa-f:.]+)'?", RegexOptions.IgnoreCase)]
    private static partial Regex ClientIpPattern();

    [GeneratedRegex(@"CorrelationId:\s*(?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})", RegexOptions.IgnoreCase)]
    private static partial Regex CorrelationIdPattern();

    public static AcrError? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        JsonNode? root;
        try
        {
            root = JsonFields.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        (string? code, string? message) = root switch
        {
            JsonObject obj when JsonFields.Find(obj, "errors") is JsonArray errors => FromObject(JsonFields.Items(errors).FirstOrDefault()),
            JsonObject obj when JsonFields.Find(obj, "error") is JsonObject error => FromObject(error),
            JsonObject obj when JsonFields.String(JsonFields.Find(obj, "error")) is string oauthCode =>
                (oauthCode, JsonFields.String(JsonFields.Find(obj, "error_description"))),
            _ => (null, null),
        };

        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        string? clientIp = null;
        string? correlationId = null;
        if (message is not null)
        {
            Match ipMatch = ClientIpPattern().Match(message);
            if (ipMatch.Success && IPAddress.TryParse(ipMatch.Groups["ip"].Value, out IPAddress? address))
            {
                clientIp = address.ToString();
            }

            Match idMatch = CorrelationIdPattern().Match(message);
            correlationId = idMatch.Success ? idMatch.Groups["id"].Value : null;
        }

        return new AcrError { Code = code, Message = message, ClientIp = clientIp, CorrelationId = correlationId };
    }

    private static (string? Code, string? Message) FromObject(JsonNode? error) =>
        (JsonFields.String(JsonFields.Find(error, "code")), JsonFields.String(JsonFields.Find(error, "message")));
}
