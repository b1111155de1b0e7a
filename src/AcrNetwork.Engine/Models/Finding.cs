using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

[JsonConverter(typeof(StringEnumConverter))]
public enum FindingSeverity { Info, Warning, Error }

/// <summary>The four network causes of the troubleshooting guide, and the three other kinds of cause.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum FindingCause
{
    ClientFirewallOrProxy,
    PublicNetworkRules,
    VirtualNetworkOrPrivateEndpoint,
    AzureServiceIntegration,
    Authentication,
    Transient,
    Configuration,
}

/// <summary>
/// The stages of the path a pull takes, in the order a client meets them: the one vocabulary of where an endpoint
/// test stopped (<see cref="EndpointTest.FailedStage"/>) and of where a finding's cause acts (<see cref="Finding.Stage"/>;
/// the primary cause is the earliest). Configuration and Client findings are not met on the path itself.
/// </summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum PullStage
{
    Dns,
    Proxy,
    Tcp,
    Tls,
    Http,
    Token,

    /// <summary>The manifest and blob requests an endpoint test makes on the registry's REST endpoint.</summary>
    Pull,

    /// <summary>Getting the image's content: its manifest and the hosts its layers are fetched from.</summary>
    Data,
    Configuration,
    Client,
}

/// <summary>Which pulls a finding stops: every one from this client, some (one region), or none of this client's (the registry's settings).</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum FindingScope
{
    AllPulls,
    SomePulls,
    Registry,
}

/// <summary>One cause the diagnosis found, with the measured facts that prove it and the fix.</summary>
public sealed class Finding
{
    /// <summary>Stable code (see findings.md): scripts and runbooks branch on it.</summary>
    public string Code => CatalogCode.ToString();

    /// <summary>The code as the catalogue types it: what supersession and precedence compare.</summary>
    internal FindingCode CatalogCode { get; init; }
    public FindingSeverity Severity { get; init; }
    public FindingCause Cause { get; init; }

    /// <summary>The client error a user would have seen.</summary>
    public string Symptom { get; init; } = "";

    /// <summary>The FQDN, region or resource the finding is about.</summary>
    public string Target { get; init; } = "";
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Evidence { get; init => field = ValueList<string>.From(value); } = ValueList<string>.Empty;
    public string Remediation { get; init; } = "";
    public string DocumentationUrl { get; init; } = "";

    /// <summary>The stage of the pull path the cause acts at: how findings are ordered.</summary>
    public PullStage Stage { get; init; }

    /// <summary>Which pulls it stops: an Error on every pull blocks the client, one on some pulls degrades it.</summary>
    public FindingScope Scope { get; init; }

    /// <summary>Whether it is about an AKS cluster's node pools rather than the client running the diagnosis.</summary>
    internal bool AboutAksNodePools { get; private set; }

    /// <summary>The same finding, about the node pools of the cluster the user asked about.</summary>
    internal Finding AboutNodePools()
    {
        var copy = (Finding)MemberwiseClone();
        copy.AboutAksNodePools = true;
        return copy;
    }

    /// <summary>The finding as the default view shows it, in plain text wrapped to <paramref name="width"/> columns (60 at least).</summary>
    public string ToText(int width) => DiagnosisNote.Render(this, width);

    public override string ToString() => $"{Severity} {Code}: {Summary}";
}
