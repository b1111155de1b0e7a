namespace AcrNetwork;

/// <summary>What the diagnosis concludes for one registry from this client (findings.md).</summary>
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
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The registry's network configuration; null when it could not be read (see NotChecked).</summary>
    public RegistryNetworkConfig? Config { get; init; }
    public IReadOnlyList<DnsResolution> Dns { get; init; } = [];
    public IReadOnlyList<EndpointTest> Endpoints { get; init; } = [];
    public ClientContext Client { get; init; } = new();

    /// <summary>The image whose pull path was followed, when one was given.</summary>
    public string? Repository { get; init; }

    /// <summary>The AKS cluster whose pulls were judged (-AksClusterId, or a piped cluster); null otherwise.</summary>
    public AksCluster? AksCluster { get; init; }

    /// <summary>The role assignments of the cluster's kubelet identity that apply to the registry, and which grant pulls.</summary>
    public RegistryPullAccess? KubeletAccess { get; init; }

    /// <summary>What the diagnosis could not check, and why (no credential, no permission, no pull path to follow).</summary>
    public IReadOnlyList<string> NotChecked { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public TimeSpan Duration { get; init; }

    /// <summary>The first Error or Warning: the cause to fix first; null when the verdict is Healthy or Inconclusive.</summary>
    public Finding? PrimaryFinding => Findings.FirstOrDefault(f => f.Severity != FindingSeverity.Info);

    public override string ToString() => $"{LoginServer}: {Verdict}{(PrimaryFinding is { } primary ? $" ({primary.Code})" : "")}";
}
