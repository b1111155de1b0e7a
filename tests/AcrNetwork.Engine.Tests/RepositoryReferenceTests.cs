namespace AcrNetwork.Tests;

public class RepositoryReferenceTests
{
    [Theory]
    [InlineData("samples/hello:v1", "samples/hello", "v1", false)]
    [InlineData("hello", "hello", "latest", false)]
    [InlineData("a/b/c__d-e.f:1.0_rc-1", "a/b/c__d-e.f", "1.0_rc-1", false)]
    [InlineData("hello@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "hello", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    public void ParsesReferences(string text, string name, string reference, bool isDigest)
    {
        RepositoryReference parsed = RepositoryReference.Parse(text);

        Assert.Equal((name, reference, isDigest), (parsed.Name, parsed.Reference, parsed.IsDigest));
        Assert.Equal(isDigest ? text : $"{name}:{reference}", parsed.ToString());
    }

    [Theory]
    [InlineData("myreg.azurecr.io/samples/hello:v1", "give the repository alone, e.g. -Repository samples/hello:v1")]
    [InlineData("Samples/Hello", "is not a repository name")]
    [InlineData("samples//hello", "is not a repository name")]
    [InlineData("", "is not a repository name")]
    [InlineData("hello:", "is not a tag")]
    [InlineData("hello:.v1", "is not a tag")]
    [InlineData("hello@sha256:xyz", "is not a digest")]
    public void ExplainsWhatIsWrong(string text, string explanation) =>
        Assert.Contains(explanation, Assert.Throws<FormatException>(() => RepositoryReference.Parse(text)).Message);

    [Theory]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("sha256:../../../etc/passwd", false)]
    [InlineData(null, false)]
    public void ValidatesDigestsBeforeTheyGoInAPath(string? digest, bool valid) => Assert.Equal(valid, RepositoryReference.IsValidDigest(digest));
}
