namespace AcrNetwork.Tests;

public class ImageManifestParserTests
{
    private const string Config = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Layer = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Arm = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private const string Amd = "sha256:4444444444444444444444444444444444444444444444444444444444444444";

    [Fact]
    public void ReadsAnImageManifestConfigFirst()
    {
        ImageManifest? manifest = ImageManifestParser.Parse(
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"{{Config}}"},"layers":[{"digest":"{{Layer}}"}]}""");

        Assert.NotNull(manifest);
        Assert.False(manifest.IsIndex);
        Assert.Equal([Config, Layer], manifest.Blobs);
    }

    [Fact]
    public void ReadsAnIndexLinuxAmd64First()
    {
        ImageManifest? manifest = ImageManifestParser.Parse(
            $$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{Arm}}}","platform":{"os":"linux","architecture":"arm64"}},{"digest":"{{{Amd}}}","platform":{"os":"linux","architecture":"amd64"}}]}""");

        Assert.True(manifest?.IsIndex);
        Assert.Equal([Amd, Arm], manifest!.PlatformManifests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":2}")]
    [InlineData("{\"manifests\":[]}")]
    [InlineData("{\"config\":{\"digest\":\"sha256:../../x\"},\"layers\":[{\"digest\":42}]}")]
    [InlineData("{\"manifests\":[{\"digest\":\"latest\"}]}")]
    public void ReturnsNullForWhatCannotBeFollowed(string? body) => Assert.Null(ImageManifestParser.Parse(body));
}
