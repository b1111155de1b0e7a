using System.Text;

namespace AcrNetwork;

/// <summary>
/// A diagnosis as a doctor's note: the verdict, the pull path with each stage marked, the cause to fix first, then
/// each finding by severity with its evidence and fix, then what could not be checked. The module's default views
/// show it through <see cref="Diagnosis.ToText"/> and <see cref="Finding.ToText"/>; <see cref="RenderMarkdown"/>
/// (<see cref="Diagnosis.ToMarkdown"/>) is the same note for a ticket.
/// </summary>
internal static class DiagnosisNote
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
        Wrap(note, "  Path:     ", PullPath(diagnosis), width, 12);
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
        Wrap(note, $"  {finding.Severity.ToString().ToUpperInvariant(),-8}", $"{finding.Code} ({finding.Cause}; {finding.Stage}; {scope})", width, 10);
        Wrap(note, "  Target:   ", finding.Target, width, Indent);
        Wrap(note, "  Finding:  ", finding.Summary, width, Indent);
        Wrap(note, "  Symptom:  ", finding.Symptom, width, Indent);
        for (int i = 0; i < finding.Evidence.Count; i++)
        {
            Wrap(note, i == 0 ? "  Evidence: - " : "            - ", finding.Evidence[i], width, Indent + 2);
        }

        Wrap(note, "  Fix:      ", finding.Remediation, width, Indent);
        Link(note, "  Docs:     ", finding.DocumentationUrl, width);
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

    /// <summary>
    /// The path a pull takes, each stage marked: <c>client ok &gt; DNS ok &gt; proxy none &gt; registry FAIL &gt; data untested</c>.
    /// FAIL and WARN come from the findings acting at that stage; ok means it was measured and passed.
    /// </summary>
    public static string PullPath(Diagnosis diagnosis)
    {
        string Mark(Func<Finding, bool> acts, bool measured, bool passed)
        {
            List<Finding> findings = diagnosis.Findings.Where(f => f.Severity != FindingSeverity.Info && acts(f)).ToList();
            if (findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                return "FAIL";
            }

            return findings.Count > 0 ? "WARN" : !measured ? "untested" : passed ? "ok" : "FAIL";
        }

        static bool IsData(EndpointPurpose role) => role is EndpointPurpose.Data or EndpointPurpose.Storage;
        List<EndpointTest> registry = diagnosis.Endpoints.Where(e => !IsData(e.Role)).ToList();
        List<EndpointTest> data = diagnosis.Endpoints.Where(e => IsData(e.Role)).ToList();
        bool proxied = diagnosis.Endpoints.Any(e => e.Proxy is not null);

        string client = Mark(f => f.Stage == PullStage.Client, measured: true, passed: true);
        string dns = Mark(f => f.Stage == PullStage.Dns, diagnosis.Dns.Count > 0, diagnosis.Dns.Any(d => d.Status == DnsStatus.Resolved));
        string proxy = !proxied && !diagnosis.Findings.Any(f => f.Stage == PullStage.Proxy)
            ? "none"
            : Mark(f => f.Stage == PullStage.Proxy, measured: true, diagnosis.Endpoints.All(e => e.Proxy is null || e.FailedStage != PullStage.Proxy));
        string rest = Mark(
            f => f.Stage is PullStage.Tcp or PullStage.Tls or PullStage.Http or PullStage.Token && f.Scope == FindingScope.AllPulls,
            registry.Count > 0,
            registry.Any(e => e.Status == EndpointStatus.Passed));
        string dataMark = Mark(
            f => f.Stage == PullStage.Data || f.Scope == FindingScope.SomePulls,
            data.Count > 0,
            data.Count > 0 && data.All(e => e.Status == EndpointStatus.Passed));
        return $"client {client} > DNS {dns} > proxy {proxy} > registry {rest} > data {dataMark}";
    }

    /// <summary>
    /// The diagnosis as Markdown for a ticket or a pull request: what the default view says, and the names resolved and
    /// endpoints tested as tables. It holds what the diagnosis holds, which never includes a token or a proxy password.
    /// </summary>
    public static string RenderMarkdown(Diagnosis diagnosis)
    {
        var note = new StringBuilder();
        note.AppendLine($"## {diagnosis.LoginServer}: {diagnosis.Verdict}").AppendLine();
        string cause = diagnosis.PrimaryFinding is { } primary ? $"`{primary.Code}`: {Cell(primary.Summary)}" : "none";
        note.AppendLine("| | |").AppendLine("|---|---|");
        note.AppendLine($"| Registry | {Cell(diagnosis.Registry)} |");
        note.AppendLine($"| Verdict | **{diagnosis.Verdict}** |");
        note.AppendLine($"| Pull path | `{PullPath(diagnosis)}` |");
        note.AppendLine($"| Primary cause | {cause} |");
        note.AppendLine($"| Checked | {Cell(Checked(diagnosis))} |");
        note.AppendLine($"| Started | {diagnosis.StartedAt:u} |");

        if (diagnosis.Findings.Count > 0)
        {
            note.AppendLine().AppendLine("### Findings");
        }

        foreach (Finding finding in diagnosis.Findings.OrderByDescending(f => f.Severity))
        {
            note.AppendLine().AppendLine($"#### {finding.Severity} `{finding.Code}` ({finding.Cause}; {finding.Stage}; {finding.Scope})").AppendLine();
            note.AppendLine($"- **Target:** {finding.Target}");
            note.AppendLine($"- **Finding:** {finding.Summary}");
            note.AppendLine($"- **Symptom:** `{finding.Symptom}`");
            note.AppendLine("- **Evidence:**");
            foreach (string evidence in finding.Evidence)
            {
                note.AppendLine($"  - {evidence}");
            }

            note.AppendLine($"- **Fix:** {finding.Remediation}");
            note.AppendLine($"- **Docs:** <{finding.DocumentationUrl}>");
        }

        if (diagnosis.Dns.Count > 0)
        {
            note.AppendLine().AppendLine("### Names resolved").AppendLine();
            note.AppendLine("| Status | Name | Role | Resolver | Addresses | Private endpoint | Ms |").AppendLine("|---|---|---|---|---|---|---:|");
            foreach (DnsResolution dns in diagnosis.Dns)
            {
                note.AppendLine($"| {dns.Status} | {dns.Fqdn} | {$"{dns.Role} {dns.Region}".Trim()} | {dns.Resolver} | {Cell(string.Join(", ", dns.Addresses))} | {dns.PrivateEndpointMatch} | {dns.ElapsedMs:0} |");
            }
        }

        if (diagnosis.Endpoints.Count > 0)
        {
            note.AppendLine().AppendLine("### Endpoints tested").AppendLine();
            note.AppendLine("| Result | Name | Role | Address | TCP | TLS | HTTP | Ms |").AppendLine("|---|---|---|---|---|---|---|---:|");
            foreach (EndpointTest test in diagnosis.Endpoints)
            {
                string result = test.FailedStage is { } stage ? $"Failed at {stage}" : test.Status.ToString();
                string address = test.Address ?? (test.Proxy is null ? "" : $"via {test.Proxy}");
                note.AppendLine($"| {result} | {test.Fqdn} | {$"{test.Role} {test.Region}".Trim()} | {Cell(address)} | {test.TcpStatus} | {test.TlsStatus} | {$"{test.HttpStatus} {test.AcrErrorCode}".Trim()} | {test.ElapsedMs:0} |");
            }
        }

        if (diagnosis.NotChecked.Count > 0)
        {
            note.AppendLine().AppendLine("### Not checked").AppendLine();
            foreach (string item in diagnosis.NotChecked)
            {
                note.AppendLine($"- {item}");
            }
        }

        return note.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>Text made safe for one Markdown table cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>
    /// Appends a URL after its label, or alone on the next line when the label leaves too little room. A URL is never
    /// wrapped (a broken link cannot be opened); one wider than the view is named instead of shown.
    /// </summary>
    private static void Link(StringBuilder note, string label, string url, int width)
    {
        if (label.Length + url.Length <= width)
        {
            note.Append(label).AppendLine(url);
        }
        else if (url.Length + 2 <= width)
        {
            note.AppendLine(label.TrimEnd()).Append("  ").AppendLine(url);
        }
        else
        {
            note.Append(label).AppendLine("in DocumentationUrl (wider than this view)");
        }
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
