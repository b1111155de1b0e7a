namespace AcrNetwork;

/// <summary>
/// The endpoints of one Azure cloud. The property names match Az PowerShell's environment object,
/// so <c>(Get-AzContext).Environment</c> converts to it as it is.
/// </summary>
public sealed class AzureCloudEnvironment
{
    // The one table of the clouds this module knows. Registry suffixes and private DNS zones as Microsoft documents them
    // (https://learn.microsoft.com/azure/private-link/private-endpoint-dns, "Containers": privatelink.azurecr.io in Azure,
    // privatelink.azurecr.us in Azure Government, privatelink.azurecr.cn in Azure operated by 21Vianet; data endpoints
    // <region>.data.privatelink.<suffix>); storage suffixes and sign-in hosts as Az PowerShell's environments name them.
    public static readonly AzureCloudEnvironment AzureCloud = new(
        "AzureCloud", "https://management.azure.com/", "azurecr.io", "https://login.microsoftonline.com/", "core.windows.net");

    public static readonly AzureCloudEnvironment AzureChinaCloud = new(
        "AzureChinaCloud", "https://management.chinacloudapi.cn/", "azurecr.cn", "https://login.chinacloudapi.cn/", "core.chinacloudapi.cn");

    public static readonly AzureCloudEnvironment AzureUSGovernment = new(
        "AzureUSGovernment", "https://management.usgovcloudapi.net/", "azurecr.us", "https://login.microsoftonline.us/", "core.usgovcloudapi.net");

    public static IReadOnlyList<AzureCloudEnvironment> KnownClouds { get; } = [AzureCloud, AzureChinaCloud, AzureUSGovernment];

    public AzureCloudEnvironment(
        string name,
        string resourceManagerUrl,
        string containerRegistryEndpointSuffix,
        string activeDirectoryAuthority,
        string storageEndpointSuffix)
    {
        Name = string.IsNullOrWhiteSpace(name) ? "Custom" : name;
        ResourceManagerUrl = ParseAbsoluteUri(resourceManagerUrl, nameof(ResourceManagerUrl));
        ContainerRegistryEndpointSuffix = NormalizeSuffix(containerRegistryEndpointSuffix, nameof(ContainerRegistryEndpointSuffix));
        ActiveDirectoryAuthority = ParseAbsoluteUri(activeDirectoryAuthority, nameof(ActiveDirectoryAuthority));
        StorageEndpointSuffix = NormalizeSuffix(storageEndpointSuffix, nameof(StorageEndpointSuffix));
    }

    public string Name { get; }
    public Uri ResourceManagerUrl { get; }
    public string ContainerRegistryEndpointSuffix { get; }
    public Uri ActiveDirectoryAuthority { get; }
    public string StorageEndpointSuffix { get; }

    /// <summary>The private link zone that holds the registry's private endpoint records (its data endpoints' too): <c>privatelink.</c> and the registry suffix in every cloud.</summary>
    public string PrivateLinkZone => "privatelink." + ContainerRegistryEndpointSuffix;

    public static bool TryGetKnown(string name, out AzureCloudEnvironment environment)
    {
        environment = KnownClouds.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return environment is not null;
    }

    /// <summary>The cloud whose registry suffix ends the given host name, if any.</summary>
    public static AzureCloudEnvironment? FromRegistryHost(string host) =>
        KnownClouds.FirstOrDefault(c => host.EndsWith("." + c.ContainerRegistryEndpointSuffix, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;

    private static Uri ParseAbsoluteUri(string value, string property)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"{property} must be an absolute https:// URL; got '{value}'.", property);
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string NormalizeSuffix(string value, string property)
    {
        string suffix = (value ?? "").Trim().Trim('.').ToLowerInvariant();
        if (suffix.Length == 0 || Uri.CheckHostName(suffix) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"{property} must be a DNS suffix such as 'azurecr.io'; got '{value}'.", property);
        }

        return suffix;
    }
}
