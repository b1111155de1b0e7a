using System.Collections;
using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Lets -Environment take a cloud's name, Az's own environment object (<c>(Get-AzContext).Environment</c>),
/// or any object or hashtable with ResourceManagerUrl, ContainerRegistryEndpointSuffix and ActiveDirectoryAuthority.
/// </summary>
internal sealed class AzureEnvironmentTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object input = inputData is PSObject ps ? ps.BaseObject : inputData;
        switch (input)
        {
            case AzureCloudEnvironment environment:
                return environment;
            case string name:
                return AzureCloudEnvironment.TryGetKnown(name, out AzureCloudEnvironment known)
                    ? known
                    : throw new ArgumentTransformationMetadataException(
                        $"Unknown cloud '{name}'. Use {string.Join(", ", AzureCloudEnvironment.KnownClouds.Select(c => c.Name))}, or an object with ResourceManagerUrl, ContainerRegistryEndpointSuffix and ActiveDirectoryAuthority.");
        }

        string? Read(string property)
        {
            object? value = input is IDictionary dictionary
                ? dictionary.Keys.Cast<object>().Where(k => string.Equals(k.ToString(), property, StringComparison.OrdinalIgnoreCase)).Select(k => dictionary[k]).FirstOrDefault()
                : PSObject.AsPSObject(inputData).Properties[property]?.Value;
            return value?.ToString();
        }

        string? resourceManagerUrl = Read(nameof(AzureCloudEnvironment.ResourceManagerUrl));
        string? registrySuffix = Read(nameof(AzureCloudEnvironment.ContainerRegistryEndpointSuffix));
        string? authority = Read(nameof(AzureCloudEnvironment.ActiveDirectoryAuthority));
        if (resourceManagerUrl is null || registrySuffix is null || authority is null)
        {
            throw new ArgumentTransformationMetadataException(
                "A custom environment needs ResourceManagerUrl, ContainerRegistryEndpointSuffix and ActiveDirectoryAuthority.");
        }

        try
        {
            return new AzureCloudEnvironment(
                Read(nameof(AzureCloudEnvironment.Name)) ?? "Custom",
                resourceManagerUrl,
                registrySuffix,
                authority,
                Read(nameof(AzureCloudEnvironment.StorageEndpointSuffix)) ?? AzureCloudEnvironment.AzureCloud.StorageEndpointSuffix);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}

/// <summary>Completes -Environment with the known cloud names.</summary>
internal sealed class AzureEnvironmentCompleter : ValueCompleter
{
    private protected override IEnumerable<string> Values(IDictionary fakeBoundParameters) => AzureCloudEnvironment.KnownClouds.Select(c => c.Name);
}
