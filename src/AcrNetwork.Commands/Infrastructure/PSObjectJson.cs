using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace AcrNetwork.Commands;

/// <summary>
/// Turns what arrives on the pipeline (ConvertFrom-Json objects, Az PowerShell objects, hashtables,
/// deserialized objects) into a JSON tree, so one parser reads every shape.
/// </summary>
internal static class PSObjectJson
{
    // Az objects link back to contexts and clients; the registry's settings are never this deep.
    private const int MaxDepth = 8;

    public static JsonNode? ToJson(object? value) => Convert(value, 0);

    private static JsonNode? Convert(object? value, int depth)
    {
        object? item = value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;
        switch (item)
        {
            case null:
                return null;
            case string text:
                return JsonValue.Create(text);
            case char character:
                return JsonValue.Create(character.ToString());
            case bool flag:
                return JsonValue.Create(flag);
            case Enum enumValue:
                return JsonValue.Create(enumValue.ToString());
            case DateTime or DateTimeOffset or Guid or Uri or System.Net.IPAddress:
                return JsonValue.Create(System.Convert.ToString(item, CultureInfo.InvariantCulture));
            case IConvertible number when IsNumber(number):
                return JsonValue.Create(number.ToDecimal(CultureInfo.InvariantCulture));
        }

        if (depth >= MaxDepth)
        {
            return null;
        }

        if (item is IDictionary dictionary)
        {
            var obj = new JsonObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                obj[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = Convert(entry.Value, depth + 1);
            }

            return obj;
        }

        if (item is IEnumerable sequence)
        {
            var array = new JsonArray();
            foreach (object? element in sequence)
            {
                array.Add(Convert(element, depth + 1));
            }

            return array;
        }

        var result = new JsonObject();
        foreach (PSPropertyInfo property in PSObject.AsPSObject(value!).Properties)
        {
            // Script and code properties run code; only stored and adapted values are read.
            if (!property.IsGettable || property.MemberType is not (PSMemberTypes.Property or PSMemberTypes.NoteProperty))
            {
                continue;
            }

            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }

            result[property.Name] = Convert(propertyValue, depth + 1);
        }

        return result;
    }

    private static bool IsNumber(IConvertible value) => value.GetTypeCode() is
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
        or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal;
}
