using Azure.Core;
using Azure.ResourceManager;

namespace AcrNetwork;

/// <summary>
/// The ARM resource types the module reads, each pinned to one api-version, so no request is spent
/// asking a provider which versions it has and every payload has the shape the parsers were written for.
/// </summary>
internal static class ArmApiVersions
{
    public const string ContainerRegistry = "2025-04-01";

    /// <summary>
    /// The registry's regional endpoints, endpointProtocol and networkRuleBypassAllowedForTasks come only at a preview
    /// api-version (the 2025-06-01-preview spellings are parsed too); a cloud without it falls back to
    /// <see cref="ContainerRegistry"/>.
    /// </summary>
    public const string ContainerRegistryPreview = "2026-01-01-preview";
    public const string Network = "2025-05-01";
    public const string PrivateDns = "2024-06-01";
    public const string Compute = "2025-11-01";
    public const string ResourceProviders = "2022-09-01";
    public const string ResourceGraph = "2022-10-01";
    public const string ContainerService = "2026-08-01";
    public const string Authorization = "2022-04-01";

    public static readonly ResourceType Registry = new("Microsoft.ContainerRegistry/registries");
    public static readonly ResourceType Replication = new("Microsoft.ContainerRegistry/registries/replications");
    public static readonly ResourceType PrivateEndpoint = new("Microsoft.Network/privateEndpoints");
    public static readonly ResourceType PrivateDnsZoneGroup = new("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    public static readonly ResourceType NetworkInterface = new("Microsoft.Network/networkInterfaces");
    public static readonly ResourceType PrivateDnsZone = new("Microsoft.Network/privateDnsZones");
    public static readonly ResourceType PrivateDnsARecordSet = new("Microsoft.Network/privateDnsZones/A");
    public static readonly ResourceType PrivateDnsZoneLink = new("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
    public static readonly ResourceType VirtualNetwork = new("Microsoft.Network/virtualNetworks");
    public static readonly ResourceType NetworkSecurityGroup = new("Microsoft.Network/networkSecurityGroups");
    public static readonly ResourceType RouteTable = new("Microsoft.Network/routeTables");
    public static readonly ResourceType AzureFirewall = new("Microsoft.Network/azureFirewalls");
    public static readonly ResourceType FirewallPolicy = new("Microsoft.Network/firewallPolicies");
    public static readonly ResourceType FirewallPolicyRuleCollectionGroup = new("Microsoft.Network/firewallPolicies/ruleCollectionGroups");
    public static readonly ResourceType IpGroup = new("Microsoft.Network/ipGroups");
    public static readonly ResourceType VirtualMachine = new("Microsoft.Compute/virtualMachines");
    public static readonly ResourceType ScaleSetVirtualMachine = new("Microsoft.Compute/virtualMachineScaleSets/virtualMachines");
    public static readonly ResourceType ResourceProvider = new("Microsoft.Resources/providers");
    public static readonly ResourceType ResourceGraphQuery = new("Microsoft.ResourceGraph/resources");
    public static readonly ResourceType ManagedCluster = new("Microsoft.ContainerService/managedClusters");
    public static readonly ResourceType RoleAssignment = new("Microsoft.Authorization/roleAssignments");
    public static readonly ResourceType RoleDefinition = new("Microsoft.Authorization/roleDefinitions");

    internal static void Pin(ArmClientOptions options)
    {
        foreach (ResourceType type in (ResourceType[])[Registry, Replication])
        {
            options.SetApiVersion(type, ContainerRegistry);
        }

        foreach (ResourceType type in (ResourceType[])[PrivateEndpoint, PrivateDnsZoneGroup, NetworkInterface, VirtualNetwork, NetworkSecurityGroup, RouteTable, AzureFirewall, FirewallPolicy, FirewallPolicyRuleCollectionGroup, IpGroup])
        {
            options.SetApiVersion(type, Network);
        }

        foreach (ResourceType type in (ResourceType[])[PrivateDnsZone, PrivateDnsARecordSet, PrivateDnsZoneLink])
        {
            options.SetApiVersion(type, PrivateDns);
        }

        options.SetApiVersion(VirtualMachine, Compute);
        options.SetApiVersion(ScaleSetVirtualMachine, Compute);
        options.SetApiVersion(ResourceProvider, ResourceProviders);
        options.SetApiVersion(ResourceGraphQuery, ResourceGraph);
        options.SetApiVersion(ManagedCluster, ContainerService);
        foreach (ResourceType type in (ResourceType[])[RoleAssignment, RoleDefinition])
        {
            options.SetApiVersion(type, Authorization);
        }
    }
}
