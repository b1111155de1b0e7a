using Azure.Core;

namespace AcrNetwork;

/// <summary>Where the module's Azure credential came from.</summary>
internal enum AzureCredentialSource
{
    /// <summary>The token given with -AccessToken.</summary>
    AccessToken,

    /// <summary>A token from the signed-in Az PowerShell context (Get-AzAccessToken, in-process).</summary>
    AzPowerShellContext,

    /// <summary>DefaultAzureCredential's non-interactive sources, found once per session (<see cref="DiscoveredCredential"/>).</summary>
    DefaultAzureCredential,
}

/// <summary>A credential for ARM and the source it came from. Neither ToString nor any property shows a token.</summary>
internal sealed class AzureCredential(TokenCredential credential, AzureCredentialSource source, string description)
{
    public TokenCredential Credential { get; } = credential;
    public AzureCredentialSource Source { get; } = source;

    /// <summary>A sentence fragment for verbose output, e.g. "the signed-in Az PowerShell context".</summary>
    public string Description { get; } = description;

    public override string ToString() => Description;

    /// <summary>
    /// For verbose output, when the credential is the session's discovered one: which source gave a token (or why
    /// none did) and whether an earlier call had found it. Null for a token that was given. Never shows a token.
    /// </summary>
    public async Task<string?> DescribeSourceAsync(AzureCloudEnvironment environment, CancellationToken cancellationToken) =>
        Credential is DiscoveredCredential discovered
            ? (await discovered.GetOutcomeAsync(AzureCredentialChain.ArmTokenRequest(environment), cancellationToken).ConfigureAwait(false)).ToString()
            : null;

    /// <summary>
    /// The credential ARM can be read with, or why there is none. A token given or taken from Az PowerShell is used as
    /// it is; the session's discovered credential once a source gives a token within <paramref name="timeout"/>. A
    /// discovery still running when the deadline passes goes on, and the next call finds its answer.
    /// </summary>
    public async Task<(TokenCredential? Usable, string? Unavailable)> CheckAsync(AzureCloudEnvironment environment, TimeSpan timeout)
    {
        if (Credential is not DiscoveredCredential discovered)
        {
            return (Credential, null);
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            CredentialOutcome outcome = await discovered.GetOutcomeAsync(AzureCredentialChain.ArmTokenRequest(environment), deadline.Token).ConfigureAwait(false);
            return outcome.Token is null ? (null, $"DefaultAzureCredential's sources gave none here ({outcome.Unavailable}).") : (discovered, null);
        }
        catch (OperationCanceledException)
        {
            return (null, $"DefaultAzureCredential's sources gave no token within {timeout.TotalSeconds:0.#} s.");
        }
    }
}

/// <summary>
/// The order in which the module finds an Azure credential: a token the user gave (-AccessToken);
/// the signed-in Az PowerShell context; then the sources DefaultAzureCredential would try, with every
/// interactive or IDE-bound one left out, so Cloud Shell, Automation runbooks and pipelines never wait on a
/// prompt. The Az step needs PowerShell, so the caller reads that token and passes it in; the last step is
/// this session's <see cref="DiscoveredCredential"/>, which nothing asks until a token is needed.
/// </summary>
internal static class AzureCredentialChain
{
    /// <summary>The ARM token every credential check, ARM read and registry token exchange asks for: one audience, one cached token.</summary>
    public static TokenRequestContext ArmTokenRequest(AzureCloudEnvironment environment) =>
        new([new Uri(environment.ResourceManagerUrl, "/.default").AbsoluteUri]);

    public static AzureCredential Select(string? accessToken, string? azContextToken, AzureCloudEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(accessToken))
        {
            return new AzureCredential(new StaticAccessTokenCredential(accessToken), AzureCredentialSource.AccessToken, "the token given with -AccessToken");
        }

        if (!string.IsNullOrWhiteSpace(azContextToken))
        {
            return new AzureCredential(new StaticAccessTokenCredential(azContextToken), AzureCredentialSource.AzPowerShellContext, "the signed-in Az PowerShell context");
        }

        return new AzureCredential(
            DiscoveredCredential.For(environment),
            AzureCredentialSource.DefaultAzureCredential,
            "DefaultAzureCredential's sources (environment variables, workload identity, managed identity, Azure CLI), found once per session");
    }
}
