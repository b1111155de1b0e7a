using System.Collections;
using System.Runtime.InteropServices;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;

namespace AcrNetwork;

/// <summary>What the host shows of the credentials it offers, read without sending a packet.</summary>
internal sealed class CredentialHost
{
    public IDictionary Variables { get; init; } = new Hashtable();

    /// <summary>A file's text, or null when it cannot be read.</summary>
    public Func<string, string?> ReadFile { get; init; } = _ => null;

    /// <summary>Whether a program is on the PATH.</summary>
    public Func<string, bool> HasCommand { get; init; } = _ => false;

    public bool IsWindows { get; init; }

    public string HomeDirectory { get; init; } = "";

    /// <summary>Azure stamps every VM's SMBIOS chassis asset tag with one value; Linux shows it in sysfs.</summary>
    public bool IsAzureVirtualMachine => ReadFile("/sys/class/dmi/id/chassis_asset_tag")?.Trim() == "7783-7084-3265-9085";

    public static CredentialHost Current() => new()
    {
        Variables = Environment.GetEnvironmentVariables(),
        ReadFile = ReadIfPresent,
        HasCommand = OnPath,
        IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        HomeDirectory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
    };

    public string? Variable(string name) => Variables[name] is string { Length: > 0 } value ? value : null;

    private static string? ReadIfPresent(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool OnPath(string command)
    {
        string[] names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? [command + ".cmd", command + ".exe"] : [command];
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => names.Any(name => File.Exists(Path.Combine(directory, name))));
    }
}

/// <summary>A source worth asking, and how long it may take before it counts as absent.</summary>
internal sealed record CredentialCandidate(string Name, TokenCredential Credential, TimeSpan Bound);

/// <summary>The sources to ask, in DefaultAzureCredential's order, and why each of the others was left out.</summary>
internal sealed record CredentialSourcePlan(IReadOnlyList<CredentialCandidate> Candidates, IReadOnlyList<string> Skipped)
{
    /// <summary>
    /// The IMDS probe where the host cannot tell whether it is an Azure VM: IMDS answers a VM within milliseconds,
    /// and elsewhere a packet to 169.254.169.254 is dropped, so waiting longer only delays the answer.
    /// </summary>
    public static readonly TimeSpan ImdsProbeBound = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Decides from the environment which of DefaultAzureCredential's non-interactive sources can give a token
    /// here, so that absent ones cost nothing: service principal variables, workload identity's federated token
    /// file, a managed identity endpoint (App Service, Functions, Automation, Cloud Shell, Arc) or IMDS on an
    /// Azure VM, and an Azure CLI that has signed in.
    /// </summary>
    public static CredentialSourcePlan For(CredentialHost host, AzureCloudEnvironment environment, TimeSpan bound)
    {
        var candidates = new List<CredentialCandidate>();
        var skipped = new List<string>();
        var options = new TokenCredentialOptions { AuthorityHost = environment.ActiveDirectoryAuthority };
        string? tenantId = host.Variable("AZURE_TENANT_ID");
        string? clientId = host.Variable("AZURE_CLIENT_ID");

        bool servicePrincipal = tenantId is not null && clientId is not null
            && (host.Variable("AZURE_CLIENT_SECRET") is not null || host.Variable("AZURE_CLIENT_CERTIFICATE_PATH") is not null
                || (host.Variable("AZURE_USERNAME") is not null && host.Variable("AZURE_PASSWORD") is not null));
        if (servicePrincipal)
        {
            candidates.Add(new("EnvironmentCredential", new EnvironmentCredential(options), bound));
        }
        else
        {
            skipped.Add("EnvironmentCredential: AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret, certificate or user are not all set");
        }

        if (host.Variable("AZURE_FEDERATED_TOKEN_FILE") is not null && tenantId is not null && clientId is not null)
        {
            candidates.Add(new("WorkloadIdentityCredential", new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { AuthorityHost = environment.ActiveDirectoryAuthority }), bound));
        }
        else
        {
            skipped.Add("WorkloadIdentityCredential: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID are not all set");
        }

        TimeSpan? managedIdentityBound = ManagedIdentityBound(host, bound);
        if (managedIdentityBound is { } miBound)
        {
            candidates.Add(new("ManagedIdentityCredential", new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(
                clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            {
                AuthorityHost = environment.ActiveDirectoryAuthority,
            }), miBound));
        }
        else
        {
            skipped.Add("ManagedIdentityCredential: no IDENTITY_ENDPOINT or MSI_ENDPOINT, and this is not an Azure VM");
        }

        if (host.HasCommand("az") && AzureCliSignedIn(host))
        {
            candidates.Add(new("AzureCliCredential", new AzureCliCredential(new AzureCliCredentialOptions { ProcessTimeout = bound }), bound));
        }
        else
        {
            skipped.Add("AzureCliCredential: the Azure CLI is not installed or has not signed in (az login)");
        }

        return new CredentialSourcePlan(candidates, skipped);
    }

    /// <summary>
    /// A managed identity endpoint in the environment is asked like any source. IMDS is probed only where it can
    /// exist: on an Azure VM (its chassis asset tag), where AZURE_POD_IDENTITY_AUTHORITY_HOST names it, or on
    /// Windows, which does not show the tag to a user, within <see cref="ImdsProbeBound"/>.
    /// </summary>
    private static TimeSpan? ManagedIdentityBound(CredentialHost host, TimeSpan bound)
    {
        if (host.Variable("IDENTITY_ENDPOINT") is not null || host.Variable("MSI_ENDPOINT") is not null
            || host.Variable("AZURE_POD_IDENTITY_AUTHORITY_HOST") is not null)
        {
            return bound;
        }

        if (host.IsAzureVirtualMachine)
        {
            return bound;
        }

        return host.IsWindows ? ImdsProbeBound : null;
    }

    /// <summary>The CLI keeps its sign-ins in azureProfile.json (in AZURE_CONFIG_DIR, else ~/.azure): none listed, none to use.</summary>
    private static bool AzureCliSignedIn(CredentialHost host)
    {
        string directory = host.Variable("AZURE_CONFIG_DIR") ?? Path.Combine(host.HomeDirectory, ".azure");
        if (host.ReadFile(Path.Combine(directory, "azureProfile.json")) is not { } profile)
        {
            return false;
        }

        try
        {
            // The CLI writes the file with a byte order mark.
            using JsonDocument document = JsonDocument.Parse(profile.TrimStart('\uFEFF'));
            return document.RootElement.TryGetProperty("subscriptions", out JsonElement subscriptions)
                && subscriptions.ValueKind == JsonValueKind.Array && subscriptions.GetArrayLength() > 0;
        }
        catch (JsonException)
        {
            // A file the CLI is rewriting: let the CLI itself say whether it is signed in.
            return true;
        }
    }
}
