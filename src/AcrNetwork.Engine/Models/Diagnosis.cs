using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

/// <summary>What the diagnosis concludes for one registry from this client (findings.md).</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum DiagnosisVerdict
{
    /// <summary>No Error or Warning.</summary>
    Healthy,

    /// <summary>Warnings, or Errors that stop some pulls only (a region's data endpoint) or concern the registry's settings.</summary>
    Degraded,

    /// <summary>An Error on the path every pull takes.</summary>
    Blocked,

    /// <summary>Nothing could be probed.</summary>
    Inconclusive,
}

/// <summary>
/// The diagnosis of one registry from this client: the verdict, the findings (the primary cause first),
/// and the raw observations they were drawn from.
/// </summary>
public sealed class Diagnosis
{
    public string Registry { get; init; } = "";
    public string LoginServer { get; init; } = "";
    public DiagnosisVerdict Verdict { get; init; }

    /// <summary>The primary cause first (the earliest failing stage on the path a pull takes), then what else was seen.</summary>
    public IReadOnlyList<Finding> Findings { get; init => field = ValueList<Finding>.From(value); } = ValueList<Finding>.Empty;

    /// <summary>The registry's network configuration; null when it could not be read (see NotChecked).</summary>
    public RegistryNetworkConfig? Config { get; init; }
    public IReadOnlyList<DnsResolution> Dns { get; init => field = ValueList<DnsResolution>.From(value); } = ValueList<DnsResolution>.Empty;
    public IReadOnlyList<EndpointTest> Endpoints { get; init => field = ValueList<EndpointTest>.From(value); } = ValueList<EndpointTest>.Empty;
    public ClientContext Client { get; init; } = new();

    /// <summary>The client's subnet, VNet, NSGs and routes as examined, how the subnet was found, or why it was not examined.</summary>
    public ClientNetworkExamination ClientNetwork { get; init; } = ClientNetworkExamination.NotExamined("no client subnet was given.");

    /// <summary>The image whose pull path was followed, when one was given.</summary>
    public string? Repository { get; init; }

    /// <summary>The AKS cluster whose pulls were judged (-AksClusterId, or a piped cluster); null otherwise.</summary>
    public AksCluster? AksCluster { get; init; }

    /// <summary>
    /// Each subnet of the cluster's node pools, examined as a client network: the pools, the subnet and how it was found,
    /// or why it was not examined. Text, so the diagnosis keeps within ConvertTo-Json's depth.
    /// </summary>
    public IReadOnlyList<string> NodePoolNetworks { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;

    /// <summary>The role assignments of the cluster's kubelet identity that apply to the registry, and which grant pulls.</summary>
    public RegistryPullAccess? KubeletAccess { get; init; }

    /// <summary>What the diagnosis could not check, and why (no credential, no permission, no pull path to follow).</summary>
    public IReadOnlyList<string> NotChecked { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Left out of ConvertTo-Json and Export-Csv (the module hides it from PowerShell's property list too): DurationMs stands for it.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get; init; }

    /// <summary>The duration as a number, for JSON and CSV (ConvertTo-Json spells a TimeSpan out field by field).</summary>
    public double DurationMs => Math.Round(Duration.TotalMilliseconds, 1);

    /// <summary>The first Error or Warning: the cause to fix first; null when the verdict is Healthy or Inconclusive.</summary>
    public Finding? PrimaryFinding => Findings.FirstOrDefault(f => f.Severity != FindingSeverity.Info);

    /// <summary>The diagnosis as Markdown for a ticket: verdict, pull path, findings with evidence and fix, what was measured.</summary>
    public string ToMarkdown() => DiagnosisNote.RenderMarkdown(this);

    /// <summary>
    /// The diagnosis as the default view shows it, in plain text wrapped to <paramref name="width"/> columns (60 at
    /// least): verdict, pull path, cause, each finding by severity with its evidence and fix, what was not checked.
    /// </summary>
    public string ToText(int width) => DiagnosisNote.Render(this, width);

    public override string ToString() => $"{LoginServer}: {Verdict}{(PrimaryFinding is { } primary ? $" ({primary.Code})" : "")}";
}
