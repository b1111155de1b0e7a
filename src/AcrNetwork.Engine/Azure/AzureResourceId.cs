namespace AcrNetwork;

/// <summary>The parts of an ARM resource ID that the module needs, parsed without throwing.</summary>
internal readonly record struct AzureResourceId(string? SubscriptionId, string? ResourceGroupName, string? Name)
{
    public static AzureResourceId Parse(string? resourceId)
    {
        if (string.IsNullOrWhiteSpace(resourceId))
        {
            return default;
        }

        string[] segments = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new AzureResourceId(
            ValueAfter(segments, "subscriptions"),
            ValueAfter(segments, "resourceGroups"),
            segments.Length > 0 ? segments[^1] : null);
    }

    /// <summary>True for <c>/subscriptions/&lt;guid&gt;/resourceGroups/&lt;group&gt;/providers/&lt;type&gt;/&lt;name&gt;</c> of the given type.</summary>
    public static bool IsOfType(string? resourceId, string resourceType)
    {
        string[] segments = (resourceId ?? "").Trim().Trim('/').Split('/');
        return segments.Length == 8
            && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            && Guid.TryParse(segments[1], out _)
            && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            && segments[3].Length > 0
            && segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            && $"{segments[5]}/{segments[6]}".Equals(resourceType, StringComparison.OrdinalIgnoreCase)
            && segments[7].Length > 0;
    }

    private static string? ValueAfter(string[] segments, string key)
    {
        int index = Array.FindIndex(segments, s => s.Equals(key, StringComparison.OrdinalIgnoreCase));
        return index >= 0 && index + 1 < segments.Length ? segments[index + 1] : null;
    }
}
