using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>Whether a role definition's permissions let its holder pull from a registry.</summary>
internal static class RolePermissions
{
    /// <summary>What AcrPull (and Owner, Contributor through <c>*</c>) grants in a registry with RBAC registry permissions.</summary>
    public const string PullAction = "Microsoft.ContainerRegistry/registries/pull/read";

    /// <summary>
    /// What the repository roles (Container Registry Repository Reader and up) grant in an ABAC-mode registry, where
    /// AcrPull, Owner and Contributor grant no pulls.
    /// </summary>
    public const string RepositoryReadDataAction = "Microsoft.ContainerRegistry/registries/repositories/content/read";

    /// <summary>
    /// Azure RBAC: an operation is granted by a permission block whose actions (or data actions) match it and whose
    /// not-actions do not; <c>*</c> matches any run of characters.
    /// </summary>
    public static bool GrantsPull(IEnumerable<JsonNode> permissions, bool abacMode)
    {
        (string allowed, string denied, string operation) = abacMode
            ? ("dataActions", "notDataActions", RepositoryReadDataAction)
            : ("actions", "notActions", PullAction);
        return permissions.Any(block =>
            Matches(JsonFields.Find(block, allowed), operation) && !Matches(JsonFields.Find(block, denied), operation));
    }

    /// <summary><c>registry</c>, <c>resource group</c>, <c>subscription</c>, <c>management group</c> or <c>tenant root</c>.</summary>
    public static string ScopeKind(string scope, string registryId)
    {
        string trimmed = scope.TrimEnd('/');
        if (trimmed.Equals(registryId.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return "registry";
        }

        string[] segments = trimmed.ToLowerInvariant().Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            [] => "tenant root",
            ["subscriptions", _] => "subscription",
            ["subscriptions", _, "resourcegroups", _] => "resource group",
            [.., "managementgroups", _] => "management group",
            _ => "resource",
        };
    }

    private static bool Matches(JsonNode? patterns, string operation) =>
        JsonFields.Items(patterns)
            .Select(JsonFields.String)
            .OfType<string>()
            .Any(pattern => Regex.IsMatch(operation, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
