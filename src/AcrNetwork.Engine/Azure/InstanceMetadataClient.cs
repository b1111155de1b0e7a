using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Asks the Azure Instance Metadata Service which VM this is (<c>GET /metadata/instance</c>, header <c>Metadata: true</c>).
/// Directly, never through a proxy, and within a short bound: off Azure nothing answers. The address is IMDS's own
/// unless <see cref="EndpointVariable"/> names another (the module's tests point it at the lab or at loopback, so a
/// test never sends a packet to the real IMDS address from a host that routes it).
/// </summary>
internal sealed class InstanceMetadataClient(Uri endpoint, TimeSpan timeout)
{
    public const string EndpointVariable = "ACRNETWORK_IMDS_ENDPOINT";
    public const string ApiVersion = "2023-07-01";
    public static readonly Uri DefaultEndpoint = new("http://169.254.169.254/");

    /// <summary>How long the service may take: it answers within milliseconds on a VM.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    public Uri Endpoint => endpoint;

    public TimeSpan Timeout => timeout;

    /// <summary>
    /// The service to ask on this host, or null where it cannot exist: off an Azure VM a packet to its address is
    /// dropped, and waiting for the bound would slow every diagnosis. Asked where <see cref="EndpointVariable"/> names
    /// it, on an Azure VM (its chassis asset tag), and on Windows, which does not show the tag to a user.
    /// </summary>
    internal static InstanceMetadataClient? For(CredentialHost host, TimeSpan timeout)
    {
        if (host.Variable(EndpointVariable) is { } value && Uri.TryCreate(value, UriKind.Absolute, out Uri? configured))
        {
            return new(configured, timeout);
        }

        if (host.IsAzureVirtualMachine)
        {
            return new(DefaultEndpoint, timeout);
        }

        return host.IsWindows ? new(DefaultEndpoint, timeout < CredentialSourcePlan.ImdsProbeBound ? timeout : CredentialSourcePlan.ImdsProbeBound) : null;
    }

    /// <summary>
    /// The service where this host shows it is an Azure VM (its chassis asset tag, or <see cref="EndpointVariable"/>),
    /// for the cmdlets that judge the client's network only when it is sure to be there: no guess on Windows.
    /// </summary>
    internal static InstanceMetadataClient? OnVirtualMachine(CredentialHost host) =>
        host.Variable(EndpointVariable) is not null || host.IsAzureVirtualMachine ? For(host, DefaultTimeout) : null;

    /// <summary>This VM's resource ID (a VM, or a scale set's instance), or why there is none.</summary>
    public async Task<(string? ResourceId, string? Failure)> GetVirtualMachineIdAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = timeout };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"metadata/instance?api-version={ApiVersion}"));
        request.Headers.Add("Metadata", "true");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"the Instance Metadata Service at {endpoint.Authority} answered {(int)response.StatusCode}");
            }

            JsonNode? body = JsonNode.Parse(await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
            string? resourceId = JsonFields.String(JsonFields.FindPath(body, "compute.resourceId"));
            return string.IsNullOrWhiteSpace(resourceId)
                ? (null, $"the Instance Metadata Service at {endpoint.Authority} named no VM (compute.resourceId)")
                : (resourceId, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"the Instance Metadata Service ({endpoint.Authority}) did not answer within {timeout.TotalSeconds:0.#} s: not an Azure VM");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"the Instance Metadata Service ({endpoint.Authority}) cannot be reached ({ex.HttpRequestError}): not an Azure VM");
        }
        catch (JsonException)
        {
            return (null, $"the Instance Metadata Service at {endpoint.Authority} answered something other than JSON");
        }
    }
}
