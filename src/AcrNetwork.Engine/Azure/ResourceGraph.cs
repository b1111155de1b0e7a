using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Azure Resource Graph queries: one POST per page across every subscription the identity can see
/// (or the ones named), paged with <c>$skipToken</c>.
/// </summary>
internal static class ResourceGraph
{
    public const string QueryPath = "/providers/Microsoft.ResourceGraph/resources";

    // The largest page Resource Graph serves.
    private const int PageSize = 1000;

    public static async IAsyncEnumerable<IReadOnlyList<JsonNode>> QueryPagesAsync(
        ArmConnection arm, string query, string? subscriptionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokensSeen = new HashSet<string>(StringComparer.Ordinal);
        string? skipToken = null;
        do
        {
            var options = new JsonObject { ["resultFormat"] = "objectArray", ["$top"] = PageSize };
            if (skipToken is not null)
            {
                options["$skipToken"] = skipToken;
            }

            // Without subscriptions the query covers every subscription the identity can read in the tenant.
            var body = new JsonObject { ["query"] = query, ["options"] = options };
            if (subscriptionId is not null)
            {
                body["subscriptions"] = new JsonArray(subscriptionId);
            }

            JsonNode page = await arm.PostAsync(QueryPath, ArmApiVersions.ResourceGraphQuery, body, cancellationToken).ConfigureAwait(false);
            yield return ArmConnection.DetachItems(page, "data", "Azure Resource Graph");

            skipToken = JsonFields.String(JsonFields.Find(page, "$skipToken"));
            if (skipToken is not null && !tokensSeen.Add(skipToken))
            {
                throw new ArmReadException(ArmFailure.InvalidResponse, QueryPath, "Azure Resource Graph sent the same $skipToken twice; the query was stopped.");
            }
        }
        while (!string.IsNullOrEmpty(skipToken));
    }
}
