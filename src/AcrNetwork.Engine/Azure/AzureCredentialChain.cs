using Azure.Core;
using Azure.Identity;

namespace AcrNetwork;

/// <summary>Where the module's Azure credential came from.</summary>
public enum AzureCredentialSource
{
    /// <summary>The token given with -AccessToken.</summary>
    AccessToken,

    /// <summary>A token from the signed-in Az PowerShell context (Get-AzAccessToken, in-process).</summary>
    AzPowerShellContext,

    /// <summary>DefaultAzureCredential without interactive prompts.</summary>
    DefaultAzureCredential,
}

/// <summary>A credential for ARM and the source it came from. Neither ToString nor any property shows a token.</summary>
public sealed class AzureCredential(TokenCredential credential, AzureCredentialSource source, string description)
{
    public TokenCredential Credential { get; } = credential;
    public AzureCredentialSource Source { get; } = source;

    /// <summary>A sentence fragment for verbose output, e.g. "the signed-in Az PowerShell context".</summary>
    public string Description { get; } = description;

    public override string ToString() => Description;
}

/// <summary>
/// The order in which the module finds an Azure credential: a token the user gave (-AccessToken);
/// the signed-in Az PowerShell context; then DefaultAzureCredential with every interactive or
/// IDE-bound source left out, so Cloud Shell, Automation runbooks and pipelines never wait on a prompt.
/// The Az step needs PowerShell, so the caller reads that token and passes it in.
/// </summary>
public static class AzureCredentialChain
{
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
            CreateDefault(environment),
            AzureCredentialSource.DefaultAzureCredential,
            "DefaultAzureCredential (environment variables, workload identity, managed identity, Azure CLI)");
    }

    /// <summary>
    /// Environment variables, workload identity, managed identity (Cloud Shell's MSI_ENDPOINT,
    /// Automation's IDENTITY_ENDPOINT, IMDS on VMs) and the Azure CLI's sign-in, in that order.
    /// Az PowerShell is left out here because the caller reads it in-process, without the process
    /// the SDK's own AzurePowerShellCredential would start.
    /// </summary>
    public static TokenCredential CreateDefault(AzureCloudEnvironment environment) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            AuthorityHost = environment.ActiveDirectoryAuthority,
            ExcludeInteractiveBrowserCredential = true,
            ExcludeBrokerCredential = true,
            ExcludeVisualStudioCredential = true,
            ExcludeVisualStudioCodeCredential = true,
            ExcludeAzureDeveloperCliCredential = true,
            ExcludeAzurePowerShellCredential = true,
        });
}
