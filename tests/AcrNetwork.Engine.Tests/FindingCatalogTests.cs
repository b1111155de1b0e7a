using System.Text.RegularExpressions;

namespace AcrNetwork.Tests;

public class FindingCatalogTests
{
    // The table of the project's findings.md: code, severity, cause. Planned codes (a † after the code) are left out.
    private static readonly Regex DocumentedRow = new(@"^\| `(\w+)` \| (\w+) \| (\w+) \|");

    public static TheoryData<string, string, string> DocumentedCodes()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (Match row in File.ReadLines(TestData.PathOf("findings.md")).Select(line => DocumentedRow.Match(line)).Where(m => m.Success))
        {
            rows.Add(row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public void CataloguesEveryDocumentedCodeAsTheDocumentSays(string code, string severity, string cause)
    {
        FindingDefinition definition = FindingCatalog.Definitions[Enum.Parse<FindingCode>(code)];

        Assert.Equal(severity, definition.Severity.ToString());
        Assert.Equal(cause, definition.Cause.ToString());
        Assert.StartsWith("https://learn.microsoft.com/azure/", definition.DocumentationUrl);
        Assert.False(string.IsNullOrWhiteSpace(definition.Symptom));
    }

    [Fact]
    public void CataloguesNoCodeTheDocumentLacks()
    {
        var documented = DocumentedCodes().Select(row => (string)row[0]).ToHashSet();

        Assert.All(FindingCatalog.Definitions.Keys, code => Assert.Contains(code.ToString(), documented));
        Assert.True(documented.Count >= 33, "the document's table was read");
    }

    [Fact]
    public void CreatesAFindingFromTheCatalogue()
    {
        Finding finding = FindingCatalog.Create(FindingCode.TcpConnectTimeout, "r.azurecr.io", "No answer.", ["SYN to 203.0.113.5:443 unanswered after 5 s"], "Allow 443.");

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(FindingCause.ClientFirewallOrProxy, finding.Cause);
        Assert.Equal("Client.Timeout exceeded while awaiting headers", finding.Symptom);
        Assert.Equal(["SYN to 203.0.113.5:443 unanswered after 5 s"], finding.Evidence);
    }

    [Fact]
    public void RefusesAnUncataloguedCode() =>
        Assert.Throws<ArgumentException>(() => FindingCatalog.Create((FindingCode)999, "t", "s", [], "r"));
}
