using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace AcrNetwork.Tests.Properties;

/// <summary>
/// Generators of what the network and files may hand the parsers: the real examples, the same examples
/// damaged (a JSON tree with fields dropped, retyped or replaced, text cut short or spliced), and junk.
/// A damaged example comes from a seed, so a failure prints the exact text that broke the parser.
/// </summary>
internal static class Inputs
{
    /// <summary>The examples as they are, damaged as JSON trees, damaged as text, or replaced by junk.</summary>
    public static Gen<string> JsonLike(IReadOnlyList<string> examples) => Gen.Frequency<string>(
        (1, Gen.Elements<string>(examples)),
        (6, Seeded(random => MutateJson(Pick(examples, random), random))),
        (2, Seeded(random => MutateText(Pick(examples, random), random))),
        (2, Junk));

    /// <summary>Header-like text: the examples, spliced and cut, or junk.</summary>
    public static Gen<string> TextLike(IReadOnlyList<string> examples) => Gen.Frequency<string>(
        (1, Gen.Elements<string>(examples)),
        (6, Seeded(random => MutateText(Pick(examples, random), random))),
        (2, Junk));

    /// <summary>Arbitrary strings, random JSON documents and random characters from the whole of UTF-16.</summary>
    public static Gen<string> Junk { get; } = Gen.OneOf(
        ArbMap.Default.ArbFor<string>().Generator.Select(text => text ?? ""),
        Seeded(random => RandomJson(random, depth: 0).ToJsonString()),
        Seeded(random => new string(Enumerable.Range(0, random.Next(64)).Select(_ => (char)random.Next(char.MaxValue + 1)).ToArray())));

    public static Gen<string> Seeded(Func<Random, string> make) =>
        Gen.Choose(0, int.MaxValue).Select(seed => make(new Random(seed)));

    public static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    /// <summary>One to five edits of the parsed example: fields removed, retyped, renamed or given hostile values.</summary>
    public static string MutateJson(string example, Random random)
    {
        JsonNode root = JsonNode.Parse(example)!;
        int edits = random.Next(1, 6);
        for (int edit = 0; edit < edits; edit++)
        {
            List<(JsonNode Parent, string? Key, int Index)> slots = Slots(root).ToList();
            if (slots.Count == 0)
            {
                break;
            }

            (JsonNode parent, string? key, int index) = Pick(slots, random);
            JsonNode? replacement = random.Next(4) switch
            {
                0 => null,
                1 => HostileValue(random),
                2 => RandomJson(random, depth: 0),
                _ => Wrap(Current(parent, key, index), random),
            };
            bool remove = random.Next(5) == 0;
            if (parent is JsonObject obj && key is not null)
            {
                obj.Remove(key);
                if (!remove)
                {
                    // Sometimes under another spelling of the name: ARM, the CLI and Az differ in case.
                    string name = random.Next(3) == 0 ? FlipCase(key, random) : key;
                    obj[name] = replacement;
                }
            }
            else if (parent is JsonArray array)
            {
                if (remove)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = replacement;
                }
            }
        }

        return root.ToJsonString();
    }

    /// <summary>Text cut short, with characters inserted, a range removed or repeated, or a byte order mark in front.</summary>
    public static string MutateText(string example, Random random)
    {
        var text = new StringBuilder(example);
        int edits = random.Next(1, 4);
        for (int edit = 0; edit < edits; edit++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0:
                    text.Length = at;
                    break;
                case 1:
                    text.Insert(at, Pick(SpecialCharacters, random));
                    break;
                case 2:
                    text.Remove(at, random.Next(text.Length - at + 1));
                    break;
                case 3:
                    text.Insert(at, text.ToString(at, random.Next(text.Length - at + 1)));
                    break;
                case 4:
                    text.Insert(0, '\uFEFF');
                    break;
                default:
                    text.Insert(at, (char)random.Next(char.MaxValue + 1));
                    break;
            }
        }

        return text.ToString();
    }

    private static readonly string[] SpecialCharacters =
        ["\"", "\\", ",", "=", " ", "\t", "\r\n", "{", "}", "[", "]", ":", "'", "\0", "\uFEFF", "\uD800", "%", "/", ".", "@", "\u00e9"];

    private static readonly string[] HostileStrings =
    [
        "", " ", "null", "999.1.1.1", "10.0.0.0/99", "garbage", "::", "fe80::1%eth0", "256.256.256.256/33", "1.2.3.4/-1",
        "/subscriptions/", "/subscriptions//resourceGroups//providers/", "/", "//", "a/b", "Microsoft.Network/privateEndpoints",
        "Microsoft.ContainerRegistry/registries", "westus", "West US 2", "Premium", "Enabled", "Disabled", "Deny", "Allow",
        "Approved", "1e309", "-1", "99999999999999999999", "true", "*.azurecr.io", "..", "a..b", "x.privatelink.azurecr.io",
        "sha256:", "sha256:zz", "https://", "http://[::1", "\uFEFFtext", "\uD800", new string('a', 5000), "🙂",
    ];

    private static JsonNode HostileValue(Random random) => random.Next(6) switch
    {
        0 => JsonValue.Create(Pick(HostileStrings, random)),
        1 => JsonValue.Create(random.NextDouble() * double.MaxValue * (random.Next(2) == 0 ? -1 : 1)),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonObject(),
        _ => new JsonArray(),
    };

    private static JsonNode RandomJson(Random random, int depth)
    {
        int kind = depth > 4 ? random.Next(3) : random.Next(5);
        switch (kind)
        {
            case 0:
                return JsonValue.Create(Pick(HostileStrings, random));
            case 1:
                return JsonValue.Create(random.Next(int.MinValue, int.MaxValue));
            case 2:
                return JsonValue.Create(random.Next(2) == 0);
            case 3:
                var array = new JsonArray();
                for (int i = random.Next(4); i > 0; i--)
                {
                    array.Add(RandomJson(random, depth + 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (int i = random.Next(5); i > 0; i--)
                {
                    obj[Pick(FieldNames, random)] = RandomJson(random, depth + 1);
                }

                return obj;
        }
    }

    // Names the parsers look for, so random documents reach past the first lookup.
    private static readonly string[] FieldNames =
    [
        "id", "name", "type", "location", "properties", "sku", "loginServer", "networkRuleSet", "ipRules", "value", "errors", "error",
        "code", "message", "data", "$skipToken", "nextLink", "privateEndpointConnections", "privateEndpoint", "addresses", "fqdn",
        "ipConfigurations", "privateLinkConnectionProperties", "fqdns", "privateDnsZoneConfigs", "recordSets", "aRecords",
        "ipv4Address", "virtualNetwork", "registrationState", "namespace", "manifests", "layers", "config", "digest", "platform",
        "responses", "200", "body", "replications", "dataEndpointHostNames", "publicNetworkAccess",
    ];

    private static JsonNode Wrap(JsonNode? node, Random random)
    {
        JsonNode? copy = node?.DeepClone();
        return random.Next(2) == 0 ? new JsonArray(copy) : new JsonObject { [Pick(FieldNames, random)] = copy };
    }

    private static JsonNode? Current(JsonNode parent, string? key, int index) =>
        parent is JsonObject obj && key is not null ? obj[key] : parent is JsonArray array ? array[index] : null;

    private static string FlipCase(string name, Random random) =>
        new(name.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (KeyValuePair<string, JsonNode?> property in obj.ToList())
                {
                    yield return (obj, property.Key, -1);
                    if (property.Value is not null)
                    {
                        foreach (var slot in Slots(property.Value))
                        {
                            yield return slot;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is JsonNode item)
                    {
                        foreach (var slot in Slots(item))
                        {
                            yield return slot;
                        }
                    }
                }

                break;
        }
    }
}
