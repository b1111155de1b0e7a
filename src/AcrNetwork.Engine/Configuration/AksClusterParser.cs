using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads an AKS cluster from the shapes users have: the ARM resource (and a REST example file), <c>az aks show -o json</c>
/// (the same, without <c>properties</c>) and Get-AzAksCluster's object (the same names in Pascal case).
/// </summary>
internal static class AksClusterParser
{
    public const string ClusterResourceType = "Microsoft.ContainerService/managedClusters";

    /// <summary>Null when the text is an AKS cluster's ARM resource ID; otherwise what one looks like.</summary>
    public static string? ExplainInvalidClusterId(string? clusterId) =>
        AzureResourceId.IsOfType(clusterId, ClusterResourceType)
            ? null
            : $"'{clusterId}' is not an AKS cluster resource ID such as /subscriptions/<subscription id>/resourceGroups/<group>/providers/{ClusterResourceType}/<name> (az aks show -n <name> -g <group> --query id -o tsv).";

    /// <summary>True for an object that describes an AKS cluster rather than a registry.</summary>
    public static bool IsCluster(JsonNode? node)
    {
        node = JsonFields.FindPath(node, "responses.200.body") ?? node;
        string? type = JsonFields.String(JsonFields.Find(node, "type"));
        return string.Equals(type, ClusterResourceType, StringComparison.OrdinalIgnoreCase)
            || Properties(node) is { } properties && JsonFields.Find(properties, "agentPoolProfiles") is not null;
    }

    public static AksCluster Parse(JsonNode root, string source)
    {
        JsonNode cluster = JsonFields.FindPath(root, "responses.200.body") ?? root;
        if (!IsCluster(cluster))
        {
            throw new RegistryConfigFormatException($"{source} is not an AKS cluster ({ClusterResourceType}): it has no agentPoolProfiles.");
        }

        JsonNode properties = Properties(cluster)!;
        string? id = JsonFields.String(JsonFields.Find(cluster, "id"));
        JsonNode? kubelet = JsonFields.Find(JsonFields.Find(properties, "identityProfile"), "kubeletidentity");
        string? servicePrincipal = JsonFields.String(JsonFields.FindPath(properties, "servicePrincipalProfile.clientId"));
        return new AksCluster
        {
            Name = JsonFields.String(JsonFields.Find(cluster, "name")) ?? AzureResourceId.Parse(id).Name ?? "",
            ResourceId = id,
            Location = JsonFields.String(JsonFields.Find(cluster, "location"))?.Replace(" ", "").ToLowerInvariant(),
            KubeletIdentity = kubelet is null ? null : new AksKubeletIdentity
            {
                ObjectId = JsonFields.String(JsonFields.Find(kubelet, "objectId")),
                ClientId = JsonFields.String(JsonFields.Find(kubelet, "clientId")),
                ResourceId = JsonFields.String(JsonFields.Find(kubelet, "resourceId")),
            },

            // "msi" stands for the managed identities, not a service principal.
            ServicePrincipalClientId = string.Equals(servicePrincipal, "msi", StringComparison.OrdinalIgnoreCase) ? null : servicePrincipal,
            NodePools = JsonFields.Items(JsonFields.Find(properties, "agentPoolProfiles"))
                .Select(pool => new AksNodePool
                {
                    Name = JsonFields.String(JsonFields.Find(pool, "name")) ?? "",
                    Mode = JsonFields.String(JsonFields.Find(pool, "mode")),
                    SubnetId = JsonFields.String(JsonFields.Find(pool, "vnetSubnetID")),
                })
                .ToList(),
            OutboundType = JsonFields.String(JsonFields.FindPath(properties, "networkProfile.outboundType")),
            PrivateCluster = JsonFields.Bool(JsonFields.FindPath(properties, "apiServerAccessProfile.enablePrivateCluster")) ?? false,
            ApiServerVnetIntegration = JsonFields.Bool(JsonFields.FindPath(properties, "apiServerAccessProfile.enableVnetIntegration")) ?? false,
            Source = source,
        };
    }

    // ARM nests the settings under "properties"; az aks show and Get-AzAksCluster do not.
    private static JsonNode? Properties(JsonNode? cluster) => JsonFields.Find(cluster, "properties") as JsonObject ?? cluster;
}
