using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Tolerant reads from JSON trees whose property names differ in case and spelling between ARM,
/// the Azure CLI and Az PowerShell. Nothing here throws on an unexpected shape.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// Parses JSON text from the network or a file. Every malformed input is a <see cref="JsonException"/>:
    /// besides bad syntax, text that is not valid UTF-16 and an object that repeats a property name, which
    /// JsonObject would otherwise report as an ArgumentException at the first lookup, long after parsing.
    /// </summary>
    public static JsonNode? Parse(string text, JsonDocumentOptions options = default)
    {
        try
        {
            JsonNode? root = JsonNode.Parse(text, documentOptions: options);
            ReadEveryObject(root);
            return root;
        }
        catch (ArgumentException ex)
        {
            throw new JsonException($"The text is not a readable JSON document: {ex.Message}", ex);
        }
    }

    // Enumerating an object builds its property dictionary, which is where a repeated name throws.
    private static void ReadEveryObject(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (KeyValuePair<string, JsonNode?> property in obj)
                {
                    ReadEveryObject(property.Value);
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    ReadEveryObject(item);
                }

                break;
        }
    }

    public static JsonNode? Find(JsonNode? node, params string[] names)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        foreach (string name in names)
        {
            foreach (KeyValuePair<string, JsonNode?> property in obj)
            {
                if (property.Value is not null && string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }
        }

        return null;
    }

    /// <summary>Follows a dotted path (<c>policies.azureADAuthenticationAsArmPolicy.status</c>).</summary>
    public static JsonNode? FindPath(JsonNode? node, string path)
    {
        foreach (string segment in path.Split('.'))
        {
            node = Find(node, segment);
        }

        return node;
    }

    public static string? String(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static bool? Bool(JsonNode? node)
    {
        string? text = String(node);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out bool flag))
        {
            return flag;
        }

        return text.ToLowerInvariant() switch
        {
            "enabled" => true,
            "disabled" => false,
            _ => null,
        };
    }

    /// <summary>A name or number (ConvertTo-Json writes enums as numbers) as TEnum; unknown names map to Unknown.</summary>
    public static TEnum? Enum<TEnum>(JsonNode? node)
        where TEnum : struct, System.Enum
    {
        string? text = String(node);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
        {
            return System.Enum.IsDefined(typeof(TEnum), number) ? (TEnum)(object)number : default(TEnum);
        }

        return System.Enum.TryParse(text.Trim(), ignoreCase: true, out TEnum parsed) ? parsed : default(TEnum);
    }

    /// <summary>An ARM resource's <c>properties</c>; the node itself when it is already flattened (exports, Resource Graph rows).</summary>
    public static JsonNode Properties(JsonNode node) => Find(node, "properties") as JsonObject ?? node;

    /// <summary>The items of an array; a lone object counts as one item; null as none.</summary>
    public static IEnumerable<JsonNode> Items(JsonNode? node) => node switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject obj => [obj],
        JsonValue value when String(value) is { Length: > 0 } => [value],
        _ => [],
    };
}
