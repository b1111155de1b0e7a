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

    private static string? ValueAfter(string[] segments, string key)
    {
        int index = Array.FindIndex(segments, s => s.Equals(key, StringComparison.OrdinalIgnoreCase));
        return index >= 0 && index + 1 < segments.Length ? segments[index + 1] : null;
    }
}
