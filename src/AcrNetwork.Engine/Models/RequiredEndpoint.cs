namespace AcrNetwork;

/// <summary>A host and port a client's firewall must allow to pull from a registry.</summary>
public sealed class RequiredEndpoint
{
    public string Registry { get; init; } = "";
    public string Host { get; init; } = "";
    public int Port { get; init; } = 443;
    public EndpointPurpose Purpose { get; init; }
    public string? Region { get; init; }
    public string ServiceTag { get; init; } = "";
    public string Description { get; init; } = "";
    public override string ToString() => $"{Host}:{Port}";
}
