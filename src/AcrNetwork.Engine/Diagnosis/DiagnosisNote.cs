using System.Text;

namespace AcrNetwork;

/// <summary>
/// A diagnosis as a doctor's note: the verdict and the cause to fix first, then each finding by severity with its
/// evidence and fix, then what could not be checked. The module's default view shows this text.
/// </summary>
public static class DiagnosisNote
{
    private const int Indent = 12;

    public static string Render(Diagnosis diagnosis, int width)
    {
        width = Math.Max(60, width);
        var note = new StringBuilder();
        note.AppendLine($"{diagnosis.LoginServer}: {diagnosis.Verdict.ToString().ToUpperInvariant()}");
        string cause = diagnosis.PrimaryFinding is { } primary
            ? $"{primary.Code}: {primary.Summary}"
            : diagnosis.Verdict == DiagnosisVerdict.Inconclusive ? "nothing could be probed." : "no problem found on the path a pull takes.";
        Wrap(note, "  Cause:    ", cause, width, 12);
        Wrap(note, "  Checked:  ", Checked(diagnosis), width, 12);

        foreach (Finding finding in diagnosis.Findings.OrderByDescending(f => f.Severity))
        {
            note.AppendLine();
            note.Append(Render(finding, width));
        }

        if (diagnosis.NotChecked.Count > 0)
        {
            note.AppendLine();
            note.AppendLine("  Not checked:");
            foreach (string item in diagnosis.NotChecked)
            {
                Wrap(note, "    - ", item, width, 6);
            }
        }

        return note.ToString().TrimEnd();
    }

    public static string Render(Finding finding, int width)
    {
        width = Math.Max(60, width);
        var note = new StringBuilder();
        string scope = finding.Scope switch
        {
            FindingScope.AllPulls => "every pull",
            FindingScope.SomePulls => "some pulls",
            _ => "registry settings",
        };
        note.AppendLine($"  {finding.Severity.ToString().ToUpperInvariant(),-8}{finding.Code}  ({finding.Cause}; {finding.Stage}; {scope})");
        Wrap(note, "  Target:   ", finding.Target, width, Indent);
        Wrap(note, "  Finding:  ", finding.Summary, width, Indent);
        Wrap(note, "  Symptom:  ", finding.Symptom, width, Indent);
        for (int i = 0; i < finding.Evidence.Count; i++)
        {
            Wrap(note, i == 0 ? "  Evidence: - " : "            - ", finding.Evidence[i], width, Indent + 2);
        }

        Wrap(note, "  Fix:      ", finding.Remediation, width, Indent);
        Wrap(note, "  Docs:     ", finding.DocumentationUrl, width, Indent);
        return note.ToString();
    }

    private static string Checked(Diagnosis diagnosis)
    {
        string configuration = diagnosis.Config switch
        {
            null => "no configuration",
            { Source: { } source } when source.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) => "configuration from ARM",
            { Source: { } source } => $"configuration from {source}",
            _ => "configuration given",
        };
        string pull = diagnosis.Repository is null ? "" : $", pull of {diagnosis.Repository}";
        string proxy = diagnosis.Endpoints.Select(e => e.Proxy).FirstOrDefault(p => p is not null) is { } via ? $", through {via}" : "";
        string subnet = diagnosis.ClientNetwork.Subnet is { } examined ? $"; client subnet {examined.Name} ({diagnosis.ClientNetwork.Reason.TrimEnd('.')})" : "";
        return $"{configuration}{subnet}; {diagnosis.Dns.Select(d => d.Fqdn).Distinct().Count()} name(s), {diagnosis.Endpoints.Count} endpoint test(s){pull}{proxy}; "
            + $"{diagnosis.Client.HostKind}; {diagnosis.Duration.TotalSeconds:0.0} s";
    }

    /// <summary>Appends the text after its label, wrapped at word boundaries, continuation lines indented under the text.</summary>
    private static void Wrap(StringBuilder note, string label, string text, int width, int indent)
    {
        int room = Math.Max(20, width - indent - 1);
        string prefix = label;
        var line = new StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > room)
            {
                note.Append(prefix).AppendLine(line.ToString());
                prefix = new string(' ', indent);
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        note.Append(prefix).AppendLine(line.ToString());
    }
}
