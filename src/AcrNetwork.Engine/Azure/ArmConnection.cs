using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;

namespace AcrNetwork;

/// <summary>
/// The module's one way into Azure Resource Manager: an <see cref="ArmClient"/> holds the credential,
/// the SDK's retry policy (429 and 5xx, honouring Retry-After) and the pinned api-versions, and every
/// request (resource reads, list pages, Resource Graph queries) is sent through its pipeline, through the
/// same proxy, with the same credentials, as the probes. Its connections are its own and close when it is
/// disposed, so a finished or stopped command leaves none open.
/// </summary>
internal sealed class ArmConnection : IDisposable
{
    // ARM allows far more; a few at a time keeps a fleet read from tripping its per-identity throttling.
    private const int MaxConcurrentRequests = 8;

    // The last transport failure of a request, kept by the retry policy: a read cut short by its deadline
    // is reported with what actually went wrong.
    private const string LastFailureProperty = "AcrNetwork.LastFailure";

    // SocketsHttpHandler's words when a proxy refuses CONNECT: "... failed with status code '407'."
    private static readonly Regex ProxyStatusCode = new(@"status code '(?<code>\d{3})'", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly PipelineAccess access;
    private readonly ProxySelection proxy;
    private readonly RequestCounter counter = new();
    private readonly SemaphoreSlim requestSlots = new(MaxConcurrentRequests);
    private readonly HttpMessageHandler? ownHandler;

    /// <param name="transport">Replaces the HTTP transport; tests pass an in-process fake.</param>
    /// <param name="proxy">The probes' proxy selection; by default the proxy variables of this moment.</param>
    public ArmConnection(TokenCredential credential, AzureCloudEnvironment environment, HttpPipelineTransport? transport = null, ProxySelection? proxy = null)
        : this(credential, environment, DiagnosisLog.None, transport, proxy)
    {
    }

    /// <param name="log">Told each request's method, path, status, request id and time, on its wire channel.</param>
    internal ArmConnection(TokenCredential credential, AzureCloudEnvironment environment, DiagnosisLog log, HttpPipelineTransport? transport = null, ProxySelection? proxy = null)
    {
        Environment = environment;
        this.proxy = proxy ?? ProxySelection.Default;
        if (transport is null)
        {
            // One handler per command, closed by Dispose; idle connections also close soon on their own.
            ownHandler = new SocketsHttpHandler
            {
                Proxy = this.proxy.AsWebProxy(),
                UseProxy = true,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            };
            transport = new HttpClientTransport(ownHandler);
        }

        var options = new ArmClientOptions
        {
            Environment = ToArmEnvironment(environment),
            RetryPolicy = new TransientRetryPolicy(),
            Transport = transport,
        };

        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        if (log.Wire.Enabled)
        {
            options.AddPolicy(new WireLogPolicy(log), HttpPipelinePosition.PerRetry);
        }

        ArmApiVersions.Pin(options);
        access = new PipelineAccess(new ArmClient(credential, defaultSubscriptionId: null, options));
    }

    public AzureCloudEnvironment Environment { get; }

    /// <summary>HTTP requests sent so far, retries included.</summary>
    public long RequestCount => Interlocked.Read(ref counter.Count);

    /// <summary>GET one resource by its ID with the api-version pinned for its type.</summary>
    public Task<JsonNode> GetAsync(string resourceId, ResourceType type, CancellationToken cancellationToken) =>
        GetAsync(resourceId, access.ApiVersionOf(type), cancellationToken);

    /// <summary>GET one resource by its ID at an api-version other than its type's pinned one (a preview).</summary>
    public Task<JsonNode> GetAsync(string resourceId, string apiVersion, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, ResourceUri(resourceId, apiVersion), body: null, resourceId, cancellationToken);

    /// <summary>Every item of an ARM list (<c>value</c>), following <c>nextLink</c> page by page.</summary>
    /// <param name="filter">An OData <c>$filter</c> for the first page (later pages carry it in their nextLink).</param>
    public async IAsyncEnumerable<JsonNode> ListAsync(string collectionId, ResourceType itemType, [EnumeratorCancellation] CancellationToken cancellationToken, string? filter = null)
    {
        Uri? next = ResourceUri(collectionId, itemType, filter);
        var requested = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!requested.Add(next.AbsoluteUri))
            {
                throw new ArmReadException(ArmFailure.InvalidResponse, collectionId, $"ARM sent the same nextLink twice while listing {collectionId}; the listing was stopped.");
            }

            JsonNode page = await SendAsync(RequestMethod.Get, next, body: null, collectionId, cancellationToken).ConfigureAwait(false);
            foreach (JsonNode item in DetachItems(page, "value", collectionId))
            {
                yield return item;
            }

            string? nextLink = JsonFields.String(JsonFields.Find(page, "nextLink"));
            next = string.IsNullOrEmpty(nextLink) ? null : NextPageUri(nextLink, collectionId, itemType);
        }
    }

    /// <summary>POST a JSON body to a provider action at the ARM endpoint (Resource Graph queries).</summary>
    public Task<JsonNode> PostAsync(string path, ResourceType type, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, ResourceUri(path, type), body, path, cancellationToken);

    /// <summary>
    /// POST a long-running action of a resource (a NIC's <c>effectiveRouteTable</c>) and its answer: at once (200), or
    /// once ARM has accepted it (202), from the <c>Location</c> it names, polled until the operation ends or the token is cancelled.
    /// </summary>
    public async Task<JsonNode> InvokeActionAsync(string resourceId, string action, ResourceType type, CancellationToken cancellationToken)
    {
        string path = $"{resourceId}/{action}";
        ActionAnswer answer = await SendAsync(RequestMethod.Post, ResourceUri(path, type), new JsonObject(), path, response => ReadAction(response, path, null), cancellationToken).ConfigureAwait(false);
        while (answer.Result is null)
        {
            await Task.Delay(answer.RetryAfter, cancellationToken).ConfigureAwait(false);
            Uri polled = answer.Location!;
            answer = await SendAsync(RequestMethod.Get, polled, body: null, path, response => ReadAction(response, path, polled), cancellationToken).ConfigureAwait(false);
        }

        return answer.Result;
    }

    /// <summary>The items of a list property, detached from the page so callers may keep or re-parent them.</summary>
    internal static IReadOnlyList<JsonNode> DetachItems(JsonNode page, string property, string source)
    {
        JsonNode? list = JsonFields.Find(page, property);
        if (list is null)
        {
            return [];
        }

        if (list is not JsonArray array)
        {
            throw new ArmReadException(ArmFailure.InvalidResponse, source, $"ARM's answer for {source} has a '{property}' that is not a list.");
        }

        var items = array.OfType<JsonNode>().ToList();
        array.Clear();
        return items;
    }

    private Uri ResourceUri(string path, ResourceType type, string? filter = null) => ResourceUri(path, access.ApiVersionOf(type), filter);

    private Uri ResourceUri(string path, string apiVersion, string? filter = null)
    {
        var builder = new RequestUriBuilder();
        builder.Reset(Environment.ResourceManagerUrl);
        builder.AppendPath(path.TrimStart('/'), escape: false);
        builder.AppendQuery("api-version", apiVersion, escapeValue: true);
        if (filter is not null)
        {
            builder.AppendQuery("$filter", filter, escapeValue: true);
        }

        return builder.ToUri();
    }

    /// <summary>
    /// A nextLink is followed only to the ARM endpoint itself: the pipeline attaches the bearer token,
    /// which must not go to any other host a malformed or hostile answer names.
    /// </summary>
    private Uri NextPageUri(string nextLink, string collectionId, ResourceType itemType)
    {
        Uri next = OnArmEndpoint(nextLink, "nextLink", collectionId);

        if (next.Query.Contains("api-version=", StringComparison.OrdinalIgnoreCase))
        {
            return next;
        }

        var builder = new RequestUriBuilder();
        builder.Reset(next);
        builder.AppendQuery("api-version", access.ApiVersionOf(itemType), escapeValue: true);
        return builder.ToUri();
    }

    /// <summary>A link an answer gives (a nextLink, an operation's Location), followed only when it is on the ARM endpoint: the bearer token goes with it.</summary>
    private Uri OnArmEndpoint(string? link, string what, string resourceId)
    {
        Uri armEndpoint = Environment.ResourceManagerUrl;
        return Uri.TryCreate(link, UriKind.Absolute, out Uri? uri)
            && Uri.Compare(uri, armEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? uri
                : throw new ArmReadException(ArmFailure.InvalidResponse, resourceId, $"ARM's {what} for {resourceId} does not point to {armEndpoint.GetLeftPart(UriPartial.Authority)}; it was not followed.");
    }

    /// <summary>An action's answer: its result, or where (the Location given, else the one polled) and when to ask again while ARM is still working on it.</summary>
    private ActionAnswer ReadAction(Response response, string path, Uri? polled)
    {
        if (response.Status != 202)
        {
            return new ActionAnswer(response.IsError ? throw Failure(response, path) : ParseBody(response, path), null, TimeSpan.Zero);
        }

        response.Headers.TryGetValue("Location", out string? location);
        response.Headers.TryGetValue("Retry-After", out string? retryAfter);

        // ARM suggests tens of seconds; the caller's deadline is shorter, so ask again within two.
        int seconds = int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out int given) ? Math.Clamp(given, 0, 2) : 1;
        return new ActionAnswer(null, location is null && polled is not null ? polled : OnArmEndpoint(location, "operation Location", path), TimeSpan.FromSeconds(seconds));
    }

    private sealed record ActionAnswer(JsonNode? Result, Uri? Location, TimeSpan RetryAfter);

    private Task<JsonNode> SendAsync(RequestMethod method, Uri uri, JsonNode? body, string resourceId, CancellationToken cancellationToken) =>
        SendAsync(method, uri, body, resourceId, response => response.IsError ? throw Failure(response, resourceId) : ParseBody(response, resourceId), cancellationToken);

    private async Task<T> SendAsync<T>(RequestMethod method, Uri uri, JsonNode? body, string resourceId, Func<Response, T> read, CancellationToken cancellationToken)
    {
        await requestSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using HttpMessage message = access.HttpPipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
            if (body is not null)
            {
                message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
                message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
            }

            try
            {
                await access.HttpPipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialUnavailableException ex)
            {
                throw new ArmReadException(ArmFailure.CredentialUnavailable, resourceId, $"No Azure credential is available. {ex.Message}", inner: ex);
            }
            catch (AuthenticationFailedException ex)
            {
                throw new ArmReadException(ArmFailure.AuthenticationFailed, resourceId, $"Signing in to Azure failed: {ex.Message}", inner: ex);
            }
            catch (RequestFailedException ex) when (ex.Status == 0)
            {
                throw Unreachable(resourceId, ex);
            }
            catch (AggregateException ex)
            {
                // The retry policy gathers every attempt's transport failure (DNS, TCP, TLS, a proxy's refusal).
                throw Unreachable(resourceId, ex.InnerExceptions.LastOrDefault() ?? ex);
            }
            catch (OperationCanceledException ex) when (message.TryGetProperty(LastFailureProperty, out object? failure) && failure is Exception last)
            {
                // The deadline ended the retries: the last attempt's failure is the cause.
                throw Unreachable(resourceId, last, $" (still failing when the read was stopped: {ex.Message})");
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ArmReadException(ArmFailure.Unreachable, resourceId, $"Azure Resource Manager at {Environment.ResourceManagerUrl} did not answer in time.", inner: ex);
            }

            return read(message.Response);
        }
        finally
        {
            requestSlots.Release();
        }
    }

    private ArmReadException Unreachable(string resourceId, Exception exception, string context = "")
    {
        // Name the proxy, as the failure is often its; a refusal of CONNECT (403, 407) is the proxy's answer, not ARM's.
        Uri armEndpoint = Environment.ResourceManagerUrl;
        string? proxyName = proxy.RouteFor(armEndpoint.IdnHost)?.Display;
        string route = proxyName is null ? "" : $" through the proxy {proxyName}";
        int? proxyStatus = ProxyRefusalStatus(exception);
        string reason = proxyStatus switch
        {
            407 => $"the proxy requires authentication (407) and did not accept the credentials given, if any. {Redaction.Message(exception)}",
            int status => $"the proxy refused the tunnel ({status}). {Redaction.Message(exception)}",
            null => Redaction.Message(exception),
        };
        return new ArmReadException(ArmFailure.Unreachable, resourceId, $"Cannot reach Azure Resource Manager at {armEndpoint}{route}: {reason}{context}", inner: exception)
        {
            Proxy = proxyName,
            ProxyStatus = proxyStatus switch
            {
                null => null,
                407 => AcrNetwork.ProxyStatus.AuthenticationRequired,
                _ => AcrNetwork.ProxyStatus.Denied,
            },
        };
    }

    /// <summary>The status a proxy answered CONNECT with, when that is why the request failed.</summary>
    private static int? ProxyRefusalStatus(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } refusal)
            {
                Match code = ProxyStatusCode.Match(refusal.Message);
                return code.Success ? int.Parse(code.Groups["code"].Value, CultureInfo.InvariantCulture) : (int)HttpStatusCode.BadGateway;
            }
        }

        return null;
    }

    private static ArmReadException Failure(Response response, string resourceId)
    {
        (string? code, string? detail) = ReadArmError(response.Content);
        ArmFailure failure = response.Status switch
        {
            401 => ArmFailure.AuthenticationFailed,
            403 => ArmFailure.Forbidden,
            404 => ArmFailure.NotFound,
            429 or >= 500 => ArmFailure.Unavailable,
            _ => ArmFailure.Rejected,
        };
        string answer = code is null ? $"{response.Status}" : $"{response.Status} {code}";
        string message = detail is null ? $"ARM answered {answer} for {resourceId}." : $"ARM answered {answer} for {resourceId}: {detail}";
        return new ArmReadException(failure, resourceId, message, response.Status, code);
    }

    /// <summary>Closes this connection's sockets; a request still in flight fails.</summary>
    public void Dispose() => ownHandler?.Dispose();

    /// <summary>ARM's error body, <c>{"error":{"code","message"}}</c>; anything else gives nulls.</summary>
    private static (string? Code, string? Message) ReadArmError(BinaryData? content)
    {
        try
        {
            JsonNode? error = JsonFields.Find(JsonFields.Parse(content?.ToString() ?? ""), "error");
            return (JsonFields.String(JsonFields.Find(error, "code")), JsonFields.String(JsonFields.Find(error, "message")));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static JsonNode ParseBody(Response response, string resourceId)
    {
        try
        {
            return JsonFields.Parse(response.Content.ToString())
                ?? throw new ArmReadException(ArmFailure.InvalidResponse, resourceId, $"ARM answered {resourceId} with JSON null.", response.Status);
        }
        catch (JsonException ex)
        {
            throw new ArmReadException(ArmFailure.InvalidResponse, resourceId, $"ARM answered {resourceId} with malformed JSON: {ex.Message}", response.Status, inner: ex);
        }
    }

    private static ArmEnvironment ToArmEnvironment(AzureCloudEnvironment environment)
    {
        if (environment == AzureCloudEnvironment.AzureCloud)
        {
            return ArmEnvironment.AzurePublicCloud;
        }

        if (environment == AzureCloudEnvironment.AzureChinaCloud)
        {
            return ArmEnvironment.AzureChina;
        }

        if (environment == AzureCloudEnvironment.AzureUSGovernment)
        {
            return ArmEnvironment.AzureGovernment;
        }

        // Tokens for a custom cloud are asked for its Resource Manager URL, as Az does for its environments.
        return new ArmEnvironment(environment.ResourceManagerUrl, environment.ResourceManagerUrl.AbsoluteUri);
    }

    /// <summary>ArmResource is the SDK's extension point that exposes the client's pipeline and api-version pins.</summary>
    private sealed class PipelineAccess(ArmClient client) : ArmResource(client, ResourceIdentifier.Root)
    {
        public HttpPipeline HttpPipeline => Pipeline;

        public string ApiVersionOf(ResourceType type) =>
            TryGetApiVersion(type, out string? version) ? version : throw new InvalidOperationException($"No api-version is pinned for {type}.");
    }

    /// <summary>
    /// The SDK's retries (429, 5xx, transport failures), except a proxy's refusal of the tunnel: retrying a 407 or a
    /// 403 from the proxy only spends the deadline. Each failure is kept on the message for the report.
    /// </summary>
    private sealed class TransientRetryPolicy : RetryPolicy
    {
        protected override bool ShouldRetry(HttpMessage message, Exception? exception)
        {
            if (exception is not null)
            {
                message.SetProperty(LastFailureProperty, exception);
                if (ProxyRefusalStatus(exception) is not null)
                {
                    return false;
                }
            }

            return base.ShouldRetry(message, exception);
        }

        protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) => new(ShouldRetry(message, exception));
    }

    /// <summary>Each attempt as it went on the wire: method, path with its api-version, status, ARM's request id, time.</summary>
    private sealed class WireLogPolicy(DiagnosisLog log) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                ProcessNext(message, pipeline);
            }
            finally
            {
                Tell(message, started);
            }
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            finally
            {
                Tell(message, started);
            }
        }

        private void Tell(HttpMessage message, long started)
        {
            Uri uri = message.Request.Uri.ToUri();
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (message.HasResponse)
            {
                Response response = message.Response;
                string requestId = response.Headers.TryGetValue("x-ms-request-id", out string? id) ? id : "none";
                log.Wire.Tell($"ARM {message.Request.Method} {uri.Host}{uri.PathAndQuery}: {response.Status} (x-ms-request-id {requestId}) in {ms:F0} ms");
            }
            else
            {
                log.Wire.Tell($"ARM {message.Request.Method} {uri.Host}{uri.PathAndQuery}: no answer after {ms:F0} ms");
            }
        }
    }

    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        public long Count;

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref Count);
    }
}
