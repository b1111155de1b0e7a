using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork.Tests;

// ConvertTo-Json hands enum values to Newtonsoft.Json, which writes a number unless the enum type names a converter:
// a script reading "Verdict": 2 cannot tell what it means.
public class PublicEnumJsonTests
{
    public static TheoryData<Type> PublicEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(AcrNetwork.Diagnosis).Assembly.GetExportedTypes().Where(type => type.IsEnum))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(PublicEnums))]
    public void EveryPublicEnumSerializesAsItsName(Type enumType)
    {
        var converter = enumType.GetCustomAttributes(typeof(JsonConverterAttribute), inherit: false)
            .Cast<JsonConverterAttribute>()
            .SingleOrDefault();

        Assert.NotNull(converter);
        Assert.Equal(typeof(StringEnumConverter), converter.ConverterType);
        var first = Enum.GetValues(enumType).GetValue(0)!;
        Assert.Equal($"\"{first}\"", JsonConvert.SerializeObject(first));
    }
}
