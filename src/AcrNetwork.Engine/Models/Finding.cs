namespace AcrNetwork;

public enum FindingSeverity { Info, Warning, Error }

/// <summary>The four network causes of the troubleshooting guide, and the three other kinds of cause.</summary>
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

/// <summary>One cause the diagnosis found, with the measured facts that prove it and the fix.</summary>
public sealed class Finding
{
    /// <summary>Stable code (see findings.md): scripts and runbooks branch on it.</summary>
    public string Code { get; init; } = "";
    public FindingSeverity Severity { get; init; }
    public FindingCause Cause { get; init; }

    /// <summary>The client error a user would have seen.</summary>
    public string Symptom { get; init; } = "";

    /// <summary>The FQDN, region or resource the finding is about.</summary>
    public string Target { get; init; } = "";
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Evidence { get; init; } = [];
    public string Remediation { get; init; } = "";
    public string DocumentationUrl { get; init; } = "";

    public override string ToString() => $"{Severity} {Code}: {Summary}";
}
