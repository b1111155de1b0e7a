using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Turns what the data-path cmdlets are given into endpoints to probe: a registry (by name, login server,
/// configuration or export), or the objects the module's cmdlets write, so they pipe into one another.
/// </summary>
internal static class ProbeInputReader
{
    /// <summary>Must run on the pipeline thread: reading an object's properties may call into the runspace.</summary>
    public static IReadOnlyList<EndpointTestRequest> Read(PSObject input, AzureCloudEnvironment environment) => input.BaseObject switch
    {
        DnsResolution resolution => [new EndpointTestRequest { Target = FromResolution(resolution), Resolutions = [resolution] }],
        EndpointTest test => [new EndpointTestRequest { Target = FromEndpointTest(test, environment) }],
        // A wildcard (*.blob...) names no host to probe.
        RequiredEndpoint { Host: var host } when host.Contains('*') => [],
        RequiredEndpoint endpoint => [new EndpointTestRequest { Target = FromRequiredEndpoint(endpoint, environment) }],
        _ => ForRegistries(RegistryInputReader.ReadObject(input, environment), environment, given: true),
    };

    /// <summary>Why a piped object gives nothing to probe, when it is one the user would expect to be probed.</summary>
    public static string? WhyNotProbed(PSObject input) => input.BaseObject is RequiredEndpoint { Host: var host } endpoint && host.Contains('*')
        ? $"{endpoint.Registry}: {host} names no host to test: blob storage is reached at the storage account a pull is redirected to. Test the registry with -Repository <image> to follow a pull there."
        : null;

    /// <param name="given">The configurations were given (piped, an export), not made up from a name: judging the client's network reads them, not ARM.</param>
    public static IReadOnlyList<EndpointTestRequest> ForRegistries(IEnumerable<RegistryNetworkConfig> registries, AzureCloudEnvironment environment, bool given) =>
        registries.SelectMany(r => ProbeTargets.For(r, environment).Select(t => new EndpointTestRequest { Target = t, Config = given ? r : null })).ToList();

    private static ProbeTarget FromResolution(DnsResolution resolution) => new()
    {
        Registry = resolution.Registry,
        LoginServer = resolution.LoginServer,
        Fqdn = resolution.Fqdn,
        Role = resolution.Role,
        Region = resolution.Region,
        HasPrivateEndpoint = resolution.PrivateEndpointMatch is not null || resolution.ExpectedAddress is not null,
        ExpectedAddress = resolution.ExpectedAddress,
        PrivateLinkFqdn = resolution.PrivateLinkFqdn,
    };

    private static ProbeTarget FromEndpointTest(EndpointTest test, AzureCloudEnvironment environment)
    {
        bool hasPrivateEndpoint = test.PrivateEndpointMatch is not null || test.ExpectedAddress is not null;
        return new ProbeTarget
        {
            Registry = test.Registry,
            LoginServer = test.LoginServer,
            Fqdn = test.Fqdn,
            Role = test.Role,
            Region = test.Region,
            HasPrivateEndpoint = hasPrivateEndpoint,
            ExpectedAddress = test.ExpectedAddress,
            PrivateLinkFqdn = hasPrivateEndpoint ? ProbeTargets.PrivateLinkName(test.Fqdn, environment) : null,
        };
    }

    private static ProbeTarget FromRequiredEndpoint(RequiredEndpoint endpoint, AzureCloudEnvironment environment) => new()
    {
        Registry = endpoint.Registry,
        LoginServer = RegistryInputReader.LoginServerOf(endpoint, environment),
        Fqdn = endpoint.Host.ToLowerInvariant(),
        Role = endpoint.Purpose,
        Region = endpoint.Region,
    };
}
