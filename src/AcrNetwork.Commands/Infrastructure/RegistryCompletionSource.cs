using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace AcrNetwork.Commands;

/// <summary>
/// The registries tab completion can offer: those the module's credential chain (-AccessToken on the line
/// being completed, the Az context, DefaultAzureCredential) sees in Azure Resource Graph. Answers are kept
/// for a minute per cloud, credential and subscription, so repeated completions are instant. Completion
/// never fails and never waits long: without a credential, a network or a prompt answer it offers nothing,
/// and remembers that for the same minute.
/// </summary>
internal static class RegistryCompletionSource
{
    private const int MaxRegistries = 1000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly CompletionCache<IReadOnlyList<RegistryNetworkConfig>> Cache = new(Lifetime);

    /// <summary>Must run on the pipeline thread, as completers do: the Az step reads this session's context.</summary>
    public static IReadOnlyList<RegistryNetworkConfig> Registries(IDictionary fakeBoundParameters)
    {
        AzureCloudEnvironment environment = Environment(fakeBoundParameters);
        SecureString? accessToken = AccessToken(fakeBoundParameters);
        string? subscriptionId = Bound(fakeBoundParameters, "SubscriptionId") as string;
        return Cache.GetOrRead(
            $"{environment.ResourceManagerUrl}|{CredentialKey(accessToken)}|{subscriptionId}",
            () => Read(accessToken, environment, subscriptionId));
    }

    /// <summary>The registry the line being completed names with -Name or -LoginServer, when the credential can see it.</summary>
    public static RegistryNetworkConfig? Named(IDictionary fakeBoundParameters)
    {
        string? name = Bound(fakeBoundParameters, "Name") as string;
        string? loginServer = Bound(fakeBoundParameters, "LoginServer") as string;
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(loginServer))
        {
            return null;
        }

        return Registries(fakeBoundParameters).FirstOrDefault(r =>
            string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.LoginServer, loginServer, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The cloud the line being completed names with -Environment, else Azure's public cloud.</summary>
    public static AzureCloudEnvironment Environment(IDictionary fakeBoundParameters)
    {
        if (Bound(fakeBoundParameters, "Environment") is not { } value)
        {
            return AzureCloudEnvironment.AzureCloud;
        }

        try
        {
            return (AzureCloudEnvironment)new AzureEnvironmentTransformationAttribute().Transform(null!, value);
        }
        catch (ArgumentTransformationMetadataException)
        {
            return AzureCloudEnvironment.AzureCloud;
        }
    }

    /// <summary>The -AccessToken on the line being completed, if any.</summary>
    public static SecureString? AccessToken(IDictionary fakeBoundParameters) =>
        Bound(fakeBoundParameters, "AccessToken") is { } token
            ? (SecureString)new SecureStringTransformationAttribute().Transform(null!, token)
            : null;

    /// <summary>Tells one credential's cached answers from another's; the token itself is never kept, only a digest.</summary>
    public static string CredentialKey(SecureString? accessToken) =>
        accessToken is null
            ? "chain"
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(SecureStringTransformationAttribute.Reveal(accessToken))));

    public static object? Bound(IDictionary fakeBoundParameters, string name) =>
        fakeBoundParameters.Contains(name) && fakeBoundParameters[name] is { } value
            ? value is PSObject wrapped ? wrapped.BaseObject : value
            : null;

    private static IReadOnlyList<RegistryNetworkConfig> Read(SecureString? accessToken, AzureCloudEnvironment environment, string? subscriptionId)
    {
        try
        {
            AzureCredential credential = AzureCredentialResolver.ResolveQuietly(accessToken, environment);
            var reader = new ArmRegistryReader(new ArmConnection(credential.Credential, environment));
            return Task.Run(async () =>
            {
                using var deadline = new CancellationTokenSource(Deadline);
                var registries = new List<RegistryNetworkConfig>();
                await foreach (RegistryNetworkConfig registry in reader.ListAsync(subscriptionId, deadline.Token).ConfigureAwait(false))
                {
                    registries.Add(registry);
                    if (registries.Count == MaxRegistries)
                    {
                        break;
                    }
                }

                return registries;
            }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Completion offers nothing rather than fail: no credential, no permission, no network, too slow.
            return [];
        }
    }
}
