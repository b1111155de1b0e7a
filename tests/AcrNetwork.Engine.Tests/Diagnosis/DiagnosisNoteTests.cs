using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

public class DiagnosisNoteTests
{
    [Fact]
    public void ReadsLikeANoteVerdictCauseThenFindingsBySeverityThenWhatWasNotChecked()
    {
        DiagnosisObservations o = Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] }));
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        var diagnosis = new AcrNetwork.Diagnosis
        {
            Registry = "contoso",
            LoginServer = Login,
            Verdict = DiagnosisRules.Verdict(o, findings),
            Findings = findings,
            Config = o.Config,
            Endpoints = o.Endpoints,
            Dns = o.Dns,
            NotChecked = ["The host layers are fetched from: give -Repository."],
            Duration = TimeSpan.FromMilliseconds(1234),
        };

        string note = DiagnosisNote.Render(diagnosis, 100);
        string[] lines = note.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.Equal("contoso.azurecr.io: BLOCKED", lines[0]);
        Assert.StartsWith("  Cause:    ClientIpNotAllowed: ACR sees this client as 203.0.113.10", lines[1]);
        Assert.Contains("configuration from ARM", note);
        Assert.True(note.IndexOf("ERROR   ClientIpNotAllowed", StringComparison.Ordinal) < note.IndexOf("INFO    ServiceIntegrationUnsupported", StringComparison.Ordinal));
        Assert.Contains("  Fix:      Add the client's egress address", note);
        Assert.Contains("  Not checked:", note);
        Assert.All(lines, line => Assert.True(line.Length <= 100 || !line.Contains(' ', StringComparison.Ordinal) || line.TrimStart().StartsWith("Docs:", StringComparison.Ordinal), line));
    }
}
