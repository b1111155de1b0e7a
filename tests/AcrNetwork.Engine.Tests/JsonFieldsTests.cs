using System.Text.Json;

namespace AcrNetwork.Tests;

public class JsonFieldsTests
{
    [Theory]
    [InlineData("""{"name":"a","name":"b"}""")]
    [InlineData("""{"properties":{"loginServer":"a.azurecr.io","loginServer":"b.azurecr.io"}}""")]
    [InlineData("""[{"id":"x"},{"errors":[{"code":"DENIED","code":"DENIED"}]}]""")]
    public void MalformedDocumentsAreJsonErrorsWhenParsed(string text) =>
        Assert.Throws<JsonException>(() => JsonFields.Parse(text));

    [Fact]
    public void TextThatIsNotValidUtf16IsAJsonError() =>
        Assert.Throws<JsonException>(() => JsonFields.Parse("{\"name\":\"" + '\uD800' + "\"}"));

    [Fact]
    public void NamesThatDifferInCaseAreDistinctProperties()
    {
        var node = JsonFields.Parse("""{"name":"a","Name":"b"}""");

        Assert.Equal("a", JsonFields.String(JsonFields.Find(node, "name")));
    }

    [Fact]
    public void ARepeatedPropertyIsNotARegistryErrorNorARegistry()
    {
        const string repeated = """{"errors":[{"code":"DENIED","code":"DENIED"}]}""";

        Assert.Null(AcrErrorParser.Parse(repeated));
        Assert.Throws<RegistryConfigFormatException>(() => RegistryConfigParser.ParseJson(repeated, "export.json"));
    }
}
