using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AcrNetwork;

/// <summary>An HTTP answer, with as much of its body as the caller asked for.</summary>
internal sealed record ProbeResponse(int StatusCode, HttpResponseHeaders Headers, string Body, double ElapsedMs)
{
    public IEnumerable<string> HeaderValues(string name) => Headers.TryGetValues(name, out IEnumerable<string>? values) ? values : [];
}

/// <summary>A request that got no HTTP answer: timeout, reset, or a broken answer.</summary>
internal sealed class ProbeHttpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// HTTP/1.1 over the connection an endpoint test opened. The connection is already TLS (the probe did the
/// handshake itself, to measure and report it), so the handler is given that stream and addressed with
/// http:// URLs: it must not add TLS of its own. Host header and paths are those of the https:// URL.
/// When the server closes the connection, the next request opens another one on the same route.
/// </summary>
internal sealed class ProbeHttpSession : IDisposable
{
    // Error bodies are read whatever the caller asked: they carry ACR's error code and the client IP.
    private const int MaxErrorBodyBytes = 64 * 1024;

    // The answer's headers that say what a request met: the challenge, a redirect's target, what was served.
    private static readonly string[] WireHeaders = ["WWW-Authenticate", "Location", "Content-Type"];

    private readonly HttpClient client;
    private readonly string host;
    private readonly DiagnosisLog log;
    private Stream? firstConnection;

    /// <param name="log">Its wire channel is told each request: method, URL, status, the headers that matter, time.</param>
    public ProbeHttpSession(string host, Stream connection, Func<CancellationToken, Task<Stream>> reconnect, DiagnosisLog? log = null)
    {
        this.host = host;
        this.log = log ?? DiagnosisLog.None;
        firstConnection = connection;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (_, cancellationToken) =>
                Interlocked.Exchange(ref firstConnection, null) ?? await reconnect(cancellationToken).ConfigureAwait(false),
        };
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("AcrNetwork/0.1");
    }

    /// <param name="pathAndQuery">The path on the host, starting with '/'.</param>
    /// <param name="maxBodyBytes">How much of a successful answer's body to read; 0 reads none (a blob is judged by its status).</param>
    public async Task<ProbeResponse> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        Action<HttpRequestMessage>? prepare,
        int maxBodyBytes,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, new Uri($"http://{host}{pathAndQuery}"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        prepare?.Invoke(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            int limit = (int)response.StatusCode >= 400 ? Math.Max(maxBodyBytes, MaxErrorBodyBytes) : maxBodyBytes;
            string body = limit > 0 ? await ReadBodyAsync(response.Content, limit, deadline.Token).ConfigureAwait(false) : "";
            log.Wire.Tell($"HTTP {method} https://{host}{Shown(pathAndQuery)}: {(int)response.StatusCode} {response.ReasonPhrase}{Headers(response)} in {clock.Elapsed.TotalMilliseconds:F0} ms");
            return new ProbeResponse((int)response.StatusCode, response.Headers, body, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw NoAnswer(method, pathAndQuery, clock, $"No HTTP answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            throw NoAnswer(method, pathAndQuery, clock, Redaction.Message(ex), ex);
        }
        catch (IOException ex)
        {
            throw NoAnswer(method, pathAndQuery, clock, Redaction.Message(ex), ex);
        }
    }

    private ProbeHttpException NoAnswer(HttpMethod method, string pathAndQuery, Stopwatch clock, string message, Exception? inner = null)
    {
        log.Wire.Tell($"HTTP {method} https://{host}{Shown(pathAndQuery)}: no answer after {clock.Elapsed.TotalMilliseconds:F0} ms ({message})");
        return new ProbeHttpException(message, inner);
    }

    // A blob's redirect carries its signature in the query: the path is what a person needs.
    private static string Shown(string pathAndQuery) => pathAndQuery.IndexOf('?') is int query and >= 0 ? $"{pathAndQuery[..query]}?…" : pathAndQuery;

    /// <summary>The headers worth seeing, a redirect's Location by its host alone (its query is a signature).</summary>
    private static string Headers(HttpResponseMessage response)
    {
        var shown = new List<string>();
        foreach (string name in WireHeaders)
        {
            IEnumerable<string> values = name == "Content-Type"
                ? response.Content.Headers.ContentType is { } type ? [type.ToString()] : []
                : response.Headers.TryGetValues(name, out IEnumerable<string>? found) ? found : [];
            foreach (string value in values)
            {
                shown.Add(name == "Location" && Uri.TryCreate(value, UriKind.Absolute, out Uri? target) ? $"Location: {target.Scheme}://{target.IdnHost}/…" : $"{name}: {value}");
            }
        }

        return shown.Count == 0 ? "" : $"; {string.Join("; ", shown)}";
    }

    public void Dispose()
    {
        client.Dispose();
        Interlocked.Exchange(ref firstConnection, null)?.Dispose();
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[maxBytes];
        int length = 0;
        while (length < maxBytes)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
