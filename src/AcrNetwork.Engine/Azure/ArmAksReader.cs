using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads an AKS cluster and what its kubelet identity may do on a registry: the identity's role assignments that
/// apply to the registry (at it, its resource group, its subscription or above) and each assignment's role definition.
/// </summary>
internal sealed class ArmAksReader(ArmConnection arm)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<JsonNode>>> roleDefinitions = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AksCluster> GetClusterAsync(string clusterId, CancellationToken cancellationToken)
    {
        JsonNode cluster = await arm.GetAsync(clusterId, ArmApiVersions.ManagedCluster, cancellationToken).ConfigureAwait(false);
        try
        {
            return AksClusterParser.Parse(cluster, clusterId);
        }
        catch (RegistryConfigFormatException ex)
        {
            throw new ArmReadException(ArmFailure.InvalidResponse, clusterId, ex.Message, inner: ex);
        }
    }

    /// <summary>The cluster's node pools grouped by the subnet they run in; pools in an AKS-managed VNet (no <c>vnetSubnetID</c>) are left out.</summary>
    public static IReadOnlyList<IGrouping<string, AksNodePool>> NodePoolsBySubnet(AksCluster? cluster) =>
        (cluster?.NodePools ?? []).Where(p => p.SubnetId is not null).GroupBy(p => p.SubnetId!, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Examines each subnet the cluster's node pools run in as a client's, once however many pools share it.</summary>
    public async Task<IReadOnlyList<AksNodePoolNetwork>> ExamineNodePoolsAsync(AksCluster cluster, ArmClientNetworkReader network, CancellationToken cancellationToken) =>
        await Task.WhenAll(NodePoolsBySubnet(cluster).Select(async pools =>
        {
            string reason = $"the subnet of AKS cluster {cluster.Name}'s node pool{(pools.Count() == 1 ? "" : "s")} {string.Join(", ", pools.Select(p => p.Name))}.";
            return new AksNodePoolNetwork
            {
                NodePools = [.. pools],
                Network = await network.ExamineAsync(pools.Key, ClientSubnetSource.AksNodePool, reason, cancellationToken).ConfigureAwait(false),
            };
        })).ConfigureAwait(false);

    /// <summary>
    /// The registries the identity holds a role on in a subscription (what <c>az aks update --attach-acr</c> leaves):
    /// the registries a cluster is meant to pull from when none is named.
    /// </summary>
    public async Task<IReadOnlyList<string>> AttachedRegistriesAsync(string principalId, string subscriptionId, CancellationToken cancellationToken)
    {
        const string RegistryScope = "/providers/Microsoft.ContainerRegistry/registries/";
        var registries = new List<string>();
        await foreach (JsonNode assignment in arm.ListAsync(
            $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleAssignments", ArmApiVersions.RoleAssignment, cancellationToken, $"principalId eq '{principalId}'").ConfigureAwait(false))
        {
            string scope = JsonFields.String(JsonFields.FindPath(assignment, "properties.scope")) ?? "";
            int at = scope.IndexOf(RegistryScope, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            string name = scope[(at + RegistryScope.Length)..].Split('/')[0];
            string registryId = scope[..(at + RegistryScope.Length)] + name;
            if (!registries.Contains(registryId, StringComparer.OrdinalIgnoreCase))
            {
                registries.Add(registryId);
            }
        }

        return registries;
    }

    /// <summary>The identity's role assignments that apply to the registry, and which of them let it pull.</summary>
    public async Task<RegistryPullAccess> GetPullAccessAsync(string principalId, RegistryNetworkConfig registry, CancellationToken cancellationToken)
    {
        if (registry.ResourceId is not { } registryId)
        {
            return new RegistryPullAccess { Unread = "the registry's resource ID is not known (its configuration did not come from ARM)." };
        }

        bool abac = registry.RoleAssignmentMode == RoleAssignmentMode.AbacRepositoryPermissions;
        try
        {
            // With a principalId filter ARM lists the assignments at, above and below the scope; those below the
            // registry (none today) do not apply to it.
            var assignments = new List<JsonNode>();
            await foreach (JsonNode assignment in arm.ListAsync(
                $"{registryId}/providers/Microsoft.Authorization/roleAssignments", ArmApiVersions.RoleAssignment, cancellationToken, $"principalId eq '{principalId}'").ConfigureAwait(false))
            {
                JsonNode properties = JsonFields.Find(assignment, "properties") ?? assignment;
                string scope = JsonFields.String(JsonFields.Find(properties, "scope")) ?? "";
                if (string.Equals(JsonFields.String(JsonFields.Find(properties, "principalId")), principalId, StringComparison.OrdinalIgnoreCase)
                    && !scope.StartsWith(registryId + "/", StringComparison.OrdinalIgnoreCase))
                {
                    assignments.Add(properties);
                }
            }

            (RoleGrant Grant, bool Pulls)[] read = await Task.WhenAll(assignments.Select(a => ReadGrantAsync(a, registryId, abac, cancellationToken))).ConfigureAwait(false);
            return new RegistryPullAccess
            {
                Assignments = read.Select(r => r.Grant).ToList(),
                Grants = read.Where(r => r.Pulls).Select(r => r.Grant).ToList(),
                AbacMode = abac,
            };
        }
        catch (ArmReadException ex)
        {
            return new RegistryPullAccess { AbacMode = abac, Unread = ex.Message };
        }
    }

    private async Task<(RoleGrant Grant, bool Pulls)> ReadGrantAsync(JsonNode assignment, string registryId, bool abac, CancellationToken cancellationToken)
    {
        string definitionId = JsonFields.String(JsonFields.Find(assignment, "roleDefinitionId")) ?? "";
        string scope = JsonFields.String(JsonFields.Find(assignment, "scope")) ?? "";
        // Role definitions are shared by many assignments (AcrPull everywhere): each is read once.
        JsonNode definition = await roleDefinitions
            .GetOrAdd(definitionId, id => new Lazy<Task<JsonNode>>(() => arm.GetAsync(id, ArmApiVersions.RoleDefinition, cancellationToken)))
            .Value.ConfigureAwait(false);
        JsonNode properties = JsonFields.Find(definition, "properties") ?? definition;
        var grant = new RoleGrant
        {
            RoleName = JsonFields.String(JsonFields.Find(properties, "roleName")) ?? AzureResourceId.Parse(definitionId).Name ?? definitionId,
            RoleDefinitionId = definitionId,
            Scope = scope,
            ScopeKind = RolePermissions.ScopeKind(scope, registryId),
            Condition = JsonFields.String(JsonFields.Find(assignment, "condition")),
        };
        return (grant, RolePermissions.GrantsPull(JsonFields.Items(JsonFields.Find(properties, "permissions")), abac));
    }
}
