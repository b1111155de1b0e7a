namespace AcrNetwork;

/// <summary>An AKS cluster as its pulls see it: who the nodes pull as, and where the nodes are.</summary>
public sealed class AksCluster
{
    public string Name { get; init; } = "";
    public string? ResourceId { get; init; }
    public string? Location { get; init; }

    /// <summary>The identity the nodes' kubelet pulls images with; null for a cluster that pulls as its service principal.</summary>
    public AksKubeletIdentity? KubeletIdentity { get; init; }

    /// <summary>The service principal's client ID, for a cluster without managed identities.</summary>
    public string? ServicePrincipalClientId { get; init; }
    public IReadOnlyList<AksNodePool> NodePools { get; init; } = [];

    /// <summary><c>loadBalancer</c>, <c>userDefinedRouting</c>, <c>managedNATGateway</c>, ...</summary>
    public string? OutboundType { get; init; }
    public bool PrivateCluster { get; init; }
    public bool ApiServerVnetIntegration { get; init; }

    /// <summary>Where this description came from: an ARM read, or a pipeline object.</summary>
    public string? Source { get; init; }

    public override string ToString() => Name;
}

/// <summary><c>identityProfile.kubeletidentity</c>: a user-assigned managed identity.</summary>
public sealed class AksKubeletIdentity
{
    public string? ObjectId { get; init; }
    public string? ClientId { get; init; }
    public string? ResourceId { get; init; }

    /// <summary>The identity's name (the last segment of its resource ID), or its object ID.</summary>
    public string DisplayName => AzureResourceId.Parse(ResourceId).Name ?? ObjectId ?? ClientId ?? "";
    public override string ToString() => DisplayName;
}

public sealed class AksNodePool
{
    public string Name { get; init; } = "";

    /// <summary><c>System</c> or <c>User</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The subnet the nodes are in (<c>vnetSubnetID</c>); null when AKS created the VNet in the node resource group.</summary>
    public string? SubnetId { get; init; }
    public override string ToString() => SubnetId is null ? $"{Name} (AKS-managed VNet)" : $"{Name} ({SubnetId})";
}

/// <summary>
/// The network of the node pools that share one subnet, examined as a client's: each subnet is read once however
/// many pools run in it.
/// </summary>
internal sealed class AksNodePoolNetwork
{
    public IReadOnlyList<AksNodePool> NodePools { get; init; } = [];
    public ClientNetworkExamination Network { get; init; } = ClientNetworkExamination.NotExamined("the node pools' subnet was not read.");

    /// <summary>The pools' names, as findings and notes name them.</summary>
    public string PoolNames => string.Join(", ", NodePools.Select(p => p.Name));
    public override string ToString() => $"{PoolNames}: {Network}";
}

/// <summary>What the kubelet identity may do on the registry, from its role assignments and their role definitions.</summary>
public sealed class RegistryPullAccess
{
    /// <summary>The role assignments that let the identity pull, at the registry or a scope above it.</summary>
    public IReadOnlyList<RoleGrant> Grants { get; init; } = [];

    /// <summary>Every role assignment of the identity that applies to the registry, granting pulls or not.</summary>
    public IReadOnlyList<RoleGrant> Assignments { get; init; } = [];

    /// <summary>True when the registry is in ABAC mode: only the repository roles' data actions grant pulls there.</summary>
    public bool AbacMode { get; init; }

    /// <summary>Why the assignments could not be read; null when they were.</summary>
    public string? Unread { get; init; }
}

public sealed class RoleGrant
{
    public string RoleName { get; init; } = "";
    public string RoleDefinitionId { get; init; } = "";
    public string Scope { get; init; } = "";

    /// <summary><c>registry</c>, <c>resource group</c>, <c>subscription</c> or <c>management group</c>.</summary>
    public string ScopeKind { get; init; } = "";

    /// <summary>An ABAC condition that narrows the assignment (to some repositories); null when unconditional.</summary>
    public string? Condition { get; init; }
    public override string ToString() => $"{RoleName} at {ScopeKind} {Scope}{(Condition is null ? "" : " (with a condition)")}";
}
