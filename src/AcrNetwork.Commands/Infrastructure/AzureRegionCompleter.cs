using System.Collections;

namespace AcrNetwork.Commands;

/// <summary>
/// Completes -Region with the regions the registry named on the line serves (its home region and
/// replicas, when the module's credential can see it), else with the regions of the chosen cloud.
/// </summary>
internal sealed class AzureRegionCompleter : ValueCompleter
{
    private static readonly string[] PublicRegions =
    [
        "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "brazilsouth", "brazilsoutheast",
        "canadacentral", "canadaeast", "centralindia", "centralus", "eastasia", "eastus", "eastus2", "francecentral",
        "francesouth", "germanynorth", "germanywestcentral", "israelcentral", "italynorth", "japaneast", "japanwest",
        "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "mexicocentral", "newzealandnorth",
        "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
        "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
        "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus",
        "westeurope", "westindia", "westus", "westus2", "westus3",
    ];

    private static readonly string[] USGovernmentRegions = ["usdodcentral", "usdodeast", "usgovarizona", "usgovtexas", "usgovvirginia"];

    private static readonly string[] ChinaRegions = ["chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3"];

    private protected override IEnumerable<string> Values(IDictionary fakeBoundParameters) =>
        RegistryCompletionSource.Named(fakeBoundParameters)?.Regions ?? RegionsOf(RegistryCompletionSource.Environment(fakeBoundParameters));

    private static string[] RegionsOf(AzureCloudEnvironment environment) =>
        environment.Name.Equals(AzureCloudEnvironment.AzureUSGovernment.Name, StringComparison.OrdinalIgnoreCase) ? USGovernmentRegions
        : environment.Name.Equals(AzureCloudEnvironment.AzureChinaCloud.Name, StringComparison.OrdinalIgnoreCase) ? ChinaRegions
        : PublicRegions;
}
