using System.Text.RegularExpressions;

namespace AcrNetwork.Tests;

/// <summary>
/// The engine's public types are the ones docs/architecture.md lists under "Public surface" (the module registers a
/// type accelerator for each): a type made public without a line there, or listed but no longer public, fails here.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly Regex ListedType = new(@"`(\w+)(<T>)?`");

    private static readonly Type[] Exported = typeof(RegistryNetworkConfig).Assembly.GetExportedTypes();

    /// <summary>The type names in the last column of the section's table (<c>ValueList&lt;T&gt;</c> as <c>ValueList`1</c>).</summary>
    private static HashSet<string> Documented()
    {
        var section = File.ReadLines(TestData.PathOf("architecture.md"))
            .SkipWhile(line => line != "## Public surface")
            .Skip(1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal));
        var rows = section.Where(line => line.StartsWith("| ", StringComparison.Ordinal)).Skip(2);
        return rows
            .SelectMany(row => ListedType.Matches(row.Split('|')[^2]))
            .Select(m => m.Groups[2].Success ? $"{m.Groups[1].Value}`1" : m.Groups[1].Value)
            .ToHashSet();
    }

    [Fact]
    public void ExportsExactlyTheDocumentedTypes()
    {
        HashSet<string> documented = Documented();
        var exported = Exported.Select(type => type.IsNested ? type.FullName! : type.Name).ToHashSet();

        Assert.True(documented.Count >= 60, "the section's table was read");
        var undocumented = exported.Except(documented).Order().ToList();
        Assert.True(undocumented.Count == 0, $"public but not listed in docs/architecture.md: {string.Join(", ", undocumented)}");
        var notPublic = documented.Except(exported).Order().ToList();
        Assert.True(notPublic.Count == 0, $"listed in docs/architecture.md but not public: {string.Join(", ", notPublic)}");
    }

    [Fact]
    public void ExportsTypesOfTheModuleNamespaceOnly() =>
        Assert.All(Exported, type => Assert.Equal("AcrNetwork", type.Namespace));
}
