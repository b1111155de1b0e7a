using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

public class DiagnosisNoteTests
{
    [Fact]
    public void ReadsLikeANoteVerdictCauseThenFindingsBySeverityThenWhatWasNotChecked()
    {
        AcrNetwork.Diagnosis diagnosis = DiagnosisOf(Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })), TimeSpan.FromMilliseconds(1234));

        string note = DiagnosisNote.Render(diagnosis, 100);
        string[] lines = note.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.Equal("contoso.azurecr.io: BLOCKED", lines[0]);
        Assert.Equal("  Path:     client ok > DNS ok > proxy none > registry FAIL > data untested", lines[1]);
        Assert.StartsWith("  Cause:    ClientIpNotAllowed: ACR sees this client as 203.0.113.10", lines[2]);
        Assert.Contains("configuration from ARM", note);
        Assert.True(note.IndexOf("ERROR   ClientIpNotAllowed", StringComparison.Ordinal) < note.IndexOf("INFO    ServiceIntegrationUnsupported", StringComparison.Ordinal));
        Assert.Contains("  Fix:      Add the client's egress address", note);
        Assert.Contains("  Not checked:", note);
        Assert.All(lines, line => Assert.True(line.Length <= 100 || !line.Contains(' ', StringComparison.Ordinal) || line.TrimStart().StartsWith("Docs:", StringComparison.Ordinal), line));
    }

    [Fact]
    public void MarksEachStageOfThePullPathFromWhatWasMeasured()
    {
        DiagnosisObservations o = Of(
            [Rest(), FailedAt("contoso.westus.data.azurecr.io", EndpointPurpose.Data, PullStage.Tcp)],
            dns: [Resolved(Login, "20.1.2.3")],
            config: Premium(c => c with { DataEndpointEnabled = true }));
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        var diagnosis = new AcrNetwork.Diagnosis { LoginServer = Login, Findings = findings, Endpoints = o.Endpoints, Dns = o.Dns };

        Assert.Equal("client ok > DNS ok > proxy none > registry ok > data FAIL", DiagnosisNote.PullPath(diagnosis));
    }

    [Fact]
    public void NeverBreaksALinkAndKeepsEveryLineWithinTheWidth()
    {
        DiagnosisObservations o = Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] }));
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        var diagnosis = new AcrNetwork.Diagnosis { LoginServer = Login, Findings = findings, Endpoints = o.Endpoints, Config = o.Config };

        foreach (int width in new[] { 79, 119 })
        {
            string[] lines = DiagnosisNote.Render(diagnosis, width).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

            Assert.All(lines, line => Assert.True(line.Length <= width, line));
            foreach (Finding finding in findings)
            {
                bool shown = lines.Any(l => l.Trim() == finding.DocumentationUrl || l.EndsWith(" " + finding.DocumentationUrl, StringComparison.Ordinal));
                Assert.True(shown || (finding.DocumentationUrl.Length > width - 2 && lines.Any(l => l.Contains("in DocumentationUrl (wider than this view)", StringComparison.Ordinal))), finding.Code);
            }
        }
    }

    [Fact]
    public void RendersMarkdownForATicketWithTheFindingsAndWhatWasMeasured()
    {
        AcrNetwork.Diagnosis diagnosis = DiagnosisOf(Of([Denied()], dns: [Resolved(Login, "20.1.2.3")], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })));

        string markdown = diagnosis.ToMarkdown();

        Assert.StartsWith("## contoso.azurecr.io: Blocked", markdown);
        Assert.Contains("| Primary cause | `ClientIpNotAllowed`: ACR sees this client as 203.0.113.10", markdown);
        Assert.Contains("| Pull path | `client ok > DNS ok > proxy none > registry FAIL > data untested` |", markdown);
        Assert.Contains("#### Error `ClientIpNotAllowed` (PublicNetworkRules; Http; AllPulls)", markdown);
        Assert.Contains($"- **Docs:** <{diagnosis.Findings[0].DocumentationUrl}>", markdown);
        Assert.Contains("| Failed at Http | contoso.azurecr.io | Rest westus | 20.1.2.3 |", markdown);
        Assert.Contains("| Resolved | contoso.azurecr.io | Rest | System | 20.1.2.3 |", markdown);
        Assert.Contains("### Not checked", markdown);
    }

    /// <summary>The diagnosis the troubleshooter assembles from the observations, with what it could not check.</summary>
    private static AcrNetwork.Diagnosis DiagnosisOf(DiagnosisObservations o, TimeSpan duration = default)
    {
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        return new AcrNetwork.Diagnosis
        {
            Registry = "contoso",
            LoginServer = Login,
            Verdict = DiagnosisRules.Verdict(o, findings),
            Findings = findings,
            Config = o.Config,
            Endpoints = o.Endpoints,
            Dns = o.Dns,
            NotChecked = ["The host layers are fetched from: give -Repository."],
            Duration = duration,
        };
    }
}
