using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Reads registries from what a user pipes or names: this module's own objects pass through (a row of its output
/// stands for the registry it belongs to); files and JSON text are parsed; any other object is read by its properties.
/// One rule for strings, in every cmdlet: JSON text is an export; otherwise a registry name (<c>myregistry</c>) or a
/// login server (<c>myregistry.azurecr.io</c>, or a URL on it); anything else is refused, naming what is expected.
/// </summary>
internal static class RegistryInputReader
{
    public static bool LooksLikeJson(string text)
    {
        string trimmed = text.TrimStart();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[');
    }

    public static async Task<IReadOnlyList<RegistryNetworkConfig>> ReadFileAsync(string path, AzureCloudEnvironment environment, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CmdletInputException(AcrErrors.InputFileUnreadable(path, ex));
        }

        return Parse(() => RegistryConfigParser.Parse(RegistryConfigParser.ParseJson(json, path), path, environment), path);
    }

    /// <summary>A registry named on the command line, serving the given regions (home region first).</summary>
    public static RegistryNetworkConfig FromName(string name, IReadOnlyList<string> regions, bool dataEndpointEnabled, AzureCloudEnvironment environment) =>
        Describe(name, RegistryNames.LoginServer(name, environment), regions, dataEndpointEnabled);

    /// <summary>A registry given by its login server (or a URL on it), serving the given regions.</summary>
    public static RegistryNetworkConfig FromLoginServer(string loginServer, IReadOnlyList<string> regions, bool dataEndpointEnabled)
    {
        string? host = RegistryNames.TryGetHost(loginServer);
        string name = host?.Split('.')[0] ?? "";
        if (host is null || !RegistryNames.IsValidName(name))
        {
            throw new CmdletInputException(AcrErrors.InvalidLoginServer(loginServer));
        }

        if (RegistryNames.ExplainDataEndpointAsLoginServer(host) is { } dataEndpoint)
        {
            throw new CmdletInputException(AcrErrors.DataEndpointAsLoginServer(loginServer, dataEndpoint));
        }

        return Describe(name, host, regions, dataEndpointEnabled);
    }

    /// <summary>
    /// The registry a row of this module's output (or a name or login server piped as text) stands for, when that
    /// is all it says: cmdlets that read the configuration from ARM do so once per registry, not once per row.
    /// Null for what carries a configuration or must be parsed.
    /// </summary>
    public static RegistryReference? ReferenceOf(object value, AzureCloudEnvironment environment) => value switch
    {
        Diagnosis { Config: null } diagnosis => new(diagnosis.Registry, diagnosis.LoginServer),
        RequiredEndpoint endpoint => new(endpoint.Registry, LoginServerOf(endpoint, environment)),
        DnsResolution resolution => new(resolution.Registry, resolution.LoginServer),
        EndpointTest test => new(test.Registry, test.LoginServer),
        string text when !LooksLikeJson(text) => FromText(text, environment),
        _ => null,
    };

    /// <summary>The login server of the registry a required endpoint belongs to (a data endpoint names its cloud).</summary>
    public static string LoginServerOf(RequiredEndpoint endpoint, AzureCloudEnvironment environment) => endpoint.Purpose == EndpointPurpose.Rest
        ? endpoint.Host.ToLowerInvariant()
        : RegistryNames.LoginServer(endpoint.Registry, AzureCloudEnvironment.FromRegistryHost(endpoint.Host) ?? environment);

    private static RegistryReference FromText(string text, AzureCloudEnvironment environment)
    {
        string trimmed = text.Trim();
        if (RegistryNames.IsValidName(trimmed))
        {
            return new(trimmed, RegistryNames.LoginServer(trimmed, environment));
        }

        if (!trimmed.Contains('.'))
        {
            throw new CmdletInputException(AcrErrors.InvalidRegistryText(text));
        }

        RegistryNetworkConfig registry = FromLoginServer(trimmed, [], false);
        return new(registry.Name, registry.LoginServer);
    }

    public static IReadOnlyList<RegistryNetworkConfig> ReadText(string json, AzureCloudEnvironment environment) =>
        Parse(() => RegistryConfigParser.Parse(RegistryConfigParser.ParseJson(json, "JSON input"), "JSON input", environment), json);

    /// <summary>Must run on the pipeline thread: reading an object's properties may call into the runspace.</summary>
    public static IReadOnlyList<RegistryNetworkConfig> ReadObject(PSObject input, AzureCloudEnvironment environment)
    {
        switch (input.BaseObject)
        {
            case RegistryNetworkConfig config:
                return [config];
            case Diagnosis { Config: { } config }:
                return [config];
            case string text when LooksLikeJson(text):
                return ReadText(text, environment);
            case Finding or ValueType:
                throw new CmdletInputException(AcrErrors.UnsupportedInput(input));
        }

        if (ReferenceOf(input.BaseObject, environment) is { } reference)
        {
            return [Describe(reference.Name, reference.LoginServer, [], dataEndpointEnabled: false)];
        }

        string source = $"pipeline input ({input.TypeNames.FirstOrDefault() ?? input.BaseObject.GetType().Name})";
        return Parse(() => RegistryConfigParser.Parse(PSObjectJson.ToJson(input) ?? throw new RegistryConfigFormatException($"{source} is empty."), source, environment), input);
    }

    private static RegistryNetworkConfig Describe(string name, string loginServer, IReadOnlyList<string> regions, bool dataEndpointEnabled) => new()
    {
        Name = name,
        LoginServer = loginServer.ToLowerInvariant(),
        Location = regions.FirstOrDefault()?.ToLowerInvariant(),
        Replications = regions.Skip(1).Select(r => new RegistryReplication { Name = r, Region = r.ToLowerInvariant() }).ToList(),
        DataEndpointEnabled = dataEndpointEnabled,
        Source = "parameters",
    };

    private static IReadOnlyList<RegistryNetworkConfig> Parse(Func<IReadOnlyList<RegistryNetworkConfig>> parse, object target)
    {
        try
        {
            return parse();
        }
        catch (RegistryConfigFormatException ex)
        {
            throw new CmdletInputException(AcrErrors.InvalidConfiguration(target, ex));
        }
    }
}

/// <summary>A registry known by its name and login server only.</summary>
internal sealed record RegistryReference(string Name, string LoginServer);

/// <summary>One input could not be read; the cmdlet reports it with WriteError and goes on with the rest.</summary>
internal sealed class CmdletInputException(ErrorRecord errorRecord) : Exception(errorRecord.Exception.Message)
{
    public ErrorRecord ErrorRecord { get; } = errorRecord;
}
