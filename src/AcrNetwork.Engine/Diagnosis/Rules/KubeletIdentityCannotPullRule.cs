namespace AcrNetwork;

/// <summary>
/// The AKS cluster's kubelet identity holds no role that lets it pull from the registry, at the registry or any scope
/// above it: every node's pull is refused at the token exchange, whatever the network does.
/// </summary>
internal sealed class KubeletIdentityCannotPullRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(DiagnosisObservations o)
    {
        if (o.AksCluster is not { KubeletIdentity: { } identity } cluster || o.KubeletAccess is not { Unread: null, Grants.Count: 0 } access)
        {
            yield break;
        }

        string registryId = o.Config?.ResourceId ?? $"<{o.Name()}'s resource ID>";
        string role = access.AbacMode ? "Container Registry Repository Reader" : "AcrPull";
        string assignments = access.Assignments.Count == 0
            ? "ARM: the identity has no role assignment at the registry, its resource group, its subscription or above."
            : $"ARM: the identity's role assignments that apply to the registry grant no pull: {string.Join("; ", access.Assignments)}.";
        string mode = access.AbacMode
            ? "The registry is in ABAC mode (roleAssignmentMode AbacRepositoryPermissions): AcrPull, AcrPush, Owner and Contributor grant no pulls there; the repository roles do."
            : $"The registry honours RBAC registry permissions: a role with {RolePermissions.PullAction} (AcrPull, or a wildcard such as Owner's) grants pulls.";
        string attach = access.AbacMode
            ? ""
            : $"az aks update -n {cluster.Name} -g {AzureResourceId.Parse(cluster.ResourceId).ResourceGroupName ?? "<group>"} --attach-acr {registryId}, or ";
        yield return FindingCatalog.Create(
            FindingCode.KubeletIdentityCannotPull,
            identity.DisplayName,
            $"{cluster.Name}'s kubelet identity {identity.DisplayName} may not pull from {o.Name()}: its nodes' pulls fail at the token exchange with 401 unauthorized, whatever the network does.",
            [
                $"Kubelet identity: {identity.DisplayName} (object ID {identity.ObjectId}, client ID {identity.ClientId ?? "not given"}).",
                assignments,
                mode,
                $"Node pools: {string.Join("; ", cluster.NodePools)}.",
            ],
            $"Grant the kubelet identity {role} on the registry: {attach}"
            + $"az role assignment create --assignee-object-id {identity.ObjectId} --assignee-principal-type ServicePrincipal --role \"{role}\" --scope {registryId}.");
    }
}
