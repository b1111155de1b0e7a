using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrNetwork.Tests;

/// <summary>
/// An in-process ARM: answers requests by path from queued responses (the last one repeats), records
/// every request, and never touches a network. Plugged into the ARM pipeline as its transport.
/// </summary>
internal sealed class FakeArm : HttpMessageHandler
{
    public const string Token = "fake-arm-token";
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = $"/subscriptions/{SubscriptionId}/resourceGroups/myResourceGroup";
    public const string RegistryId = $"{ResourceGroup}/providers/Microsoft.ContainerRegistry/registries/myRegistry";
    public const string PrivateEndpointId = $"{ResourceGroup}/providers/Microsoft.Network/privateEndpoints/pe-myregistry";
    public const string NicId = $"{ResourceGroup}/providers/Microsoft.Network/networkInterfaces/pe-myregistry.nic.6f1c2d3e";
    public const string ZoneId = $"{ResourceGroup}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io";
    public const string ProviderPath = "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.ContainerRegistry";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpResponseMessage>>> routes = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public sealed record RecordedRequest(string Method, string Host, string Path, string Query, string? Authorization, string? Body);

    /// <summary>The ARM of the derived private-endpoint registry in tests/data/derived/arm, every part readable.</summary>
    public static FakeArm WithPrivateRegistry()
    {
        var arm = new FakeArm();
        arm.Json(RegistryId, "registry.json");
        arm.Json($"{RegistryId}/replications", "replications.json");
        arm.Json(PrivateEndpointId, "private-endpoint.json");
        arm.Json(NicId, "private-endpoint-nic.json");
        arm.Json($"{PrivateEndpointId}/privateDnsZoneGroups", "dns-zone-groups.json");
        arm.Json($"{ZoneId}/A", "zone-records-page1.json", "zone-records-page2.json");
        arm.Json($"{ZoneId}/virtualNetworkLinks", "zone-links.json");
        arm.Json(ProviderPath, "provider-not-registered.json");
        return arm;
    }

    public ArmConnection Connect(AzureCloudEnvironment? environment = null, TokenCredential? credential = null) =>
        new(credential ?? new StaticAccessTokenCredential(Token), environment ?? AzureCloudEnvironment.AzureCloud, new HttpClientTransport(new HttpClient(this)));

    /// <summary>Answers the path with the data files in turn (a list's pages are told apart by their $skipToken).</summary>
    public void Json(string path, params string[] files) =>
        Replace(path, files.Select(file => (Func<HttpResponseMessage>)(() => Respond(HttpStatusCode.OK, File.ReadAllText(TestData.Derived($"arm/{file}"))))).ToArray());

    public void Error(string path, HttpStatusCode status, string code, string message) =>
        Replace(path, () => Respond(status, ArmError(code, message)));

    /// <summary>ARM's error body.</summary>
    public static string ArmError(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    public void Replace(string path, params Func<HttpResponseMessage>[] responses) => routes[path] = new ConcurrentQueue<Func<HttpResponseMessage>>(responses);

    public static HttpResponseMessage Respond(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) =>
        Requests.Where(r => r.Path.Equals(path, StringComparison.OrdinalIgnoreCase)).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string path = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath);
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri.Host, path, request.RequestUri.Query, request.Headers.Authorization?.ToString(), body));
        if (!routes.TryGetValue(path, out ConcurrentQueue<Func<HttpResponseMessage>>? responses) || responses.IsEmpty)
        {
            return Respond(HttpStatusCode.NotFound, ArmError("ResourceNotFound", $"The Resource '{path}' was not found."));
        }

        // The last answer repeats; earlier ones are used once each.
        if (responses.Count > 1 && responses.TryDequeue(out Func<HttpResponseMessage>? next))
        {
            return next();
        }

        responses.TryPeek(out Func<HttpResponseMessage>? last);
        return last!();
    }
}
