using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AcrNetwork;

internal sealed record ProxyOutcome(
    ProxyStatus Status,
    Stream? Tunnel,
    TcpOutcome Tcp,
    int? HttpStatus,
    IReadOnlyList<string> AuthenticationSchemes,
    string? Error,
    double ElapsedMs);

/// <summary>The proxy stage of an endpoint test: the proxy (without credentials) and its answer to CONNECT.</summary>
internal sealed record ProxyResult(string Proxy, ProxyStatus Status, int? HttpStatus, double Ms) : StageResult;

/// <summary>
/// Opens a tunnel through an HTTP proxy with CONNECT, as HttpClient and Docker do, and tells apart every
/// way that fails: the proxy unreachable, closing the connection, refusing (403), asking for credentials
/// (407), or speaking another scheme than its URL says.
/// </summary>
internal static class ProxyTunnel
{
    private const int MaxResponseHeadBytes = 16 * 1024;

    public static async Task<ProxyOutcome> OpenAsync(ProxyRoute proxy, string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        EndPoint proxyEndpoint = IPAddress.TryParse(proxy.Uri.IdnHost, out IPAddress? address)
            ? new IPEndPoint(address, proxy.Uri.Port)
            : new DnsEndPoint(proxy.Uri.IdnHost, proxy.Uri.Port);
        TcpOutcome tcp = await TcpProbe.ConnectAsync(proxyEndpoint, timeout, cancellationToken).ConfigureAwait(false);
        if (tcp.Socket is null)
        {
            return Fail(ProxyStatus.Unreachable, tcp, $"Cannot connect to the proxy {proxy.Display}: {tcp.Error}");
        }

        Stream stream = new NetworkStream(tcp.Socket, ownsSocket: true);
        if (proxy.IsTls)
        {
            TlsOutcome tls = await TlsProbe.HandshakeAsync(stream, proxy.Uri.IdnHost, timeout, cancellationToken).ConfigureAwait(false);
            if (tls.Stream is null)
            {
                return tls.Status == TlsStatus.NotTls
                    ? Fail(ProxyStatus.SchemeMismatch, tcp, $"The proxy URL says https://, but {proxy.Display} speaks plain HTTP: use http://{proxy.Uri.Authority}.")
                    : Fail(ProxyStatus.TlsFailed, tcp, $"TLS to the proxy {proxy.Display} failed ({tls.Status}): {tls.Error}");
            }

            stream = tls.Stream;
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await stream.WriteAsync(ConnectRequest(proxy, host, port), deadline.Token).ConfigureAwait(false);
            (byte[] head, int length) = await ReadResponseHeadAsync(stream, deadline.Token).ConfigureAwait(false);
            ProxyOutcome outcome = Judge(proxy, host, port, tcp, head.AsSpan(0, length), clock);
            if (outcome.Status == ProxyStatus.Connected)
            {
                return outcome with { Tunnel = stream };
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            return outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return Fail(ProxyStatus.Timeout, tcp, $"The proxy {proxy.Display} did not answer CONNECT within {timeout.TotalSeconds:0.#} s.");
        }
        catch (IOException ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return Fail(ProxyStatus.Closed, tcp, $"The proxy {proxy.Display} closed the connection before answering CONNECT: {ex.Message}");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        ProxyOutcome Fail(ProxyStatus status, TcpOutcome tcpOutcome, string error) =>
            new(status, null, tcpOutcome, null, [], error, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Reads the answer to CONNECT from a proxy's bytes; the tunnel itself is not part of it.</summary>
    internal static ProxyOutcome Judge(ProxyRoute proxy, string host, int port, TcpOutcome tcp, ReadOnlySpan<byte> head, Stopwatch clock)
    {
        double elapsed = clock.Elapsed.TotalMilliseconds;
        if (head.Length == 0)
        {
            return new ProxyOutcome(ProxyStatus.Closed, null, tcp, null, [], $"The proxy {proxy.Display} closed the connection without answering CONNECT.", elapsed);
        }

        if (!proxy.IsTls && head[0] is 0x15 or 0x16)
        {
            return new ProxyOutcome(ProxyStatus.SchemeMismatch, null, tcp, null, [],
                $"The proxy URL says http://, but {proxy.Display} answered with TLS: use https://{proxy.Uri.Authority}.", elapsed);
        }

        string text = Encoding.Latin1.GetString(head);
        string[] lines = text.Split("\r\n");
        string[] statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            return new ProxyOutcome(ProxyStatus.Malformed, null, tcp, null, [], $"The proxy {proxy.Display} answered CONNECT with something other than HTTP: '{Printable(lines[0])}'.", elapsed);
        }

        string reason = statusLine.Length > 2 ? statusLine[2] : "";
        IReadOnlyList<string> schemes = lines.Skip(1)
            .Where(l => l.StartsWith("Proxy-Authenticate:", StringComparison.OrdinalIgnoreCase))
            .SelectMany(l => AuthenticationChallengeParser.Parse(l["Proxy-Authenticate:".Length..]))
            .Select(c => c.Scheme)
            .ToList();

        (ProxyStatus outcome, string? error) = status switch
        {
            >= 200 and < 300 => (ProxyStatus.Connected, null),
            407 => (ProxyStatus.AuthenticationRequired,
                $"The proxy {proxy.Display} wants credentials (407 {reason}; schemes: {(schemes.Count > 0 ? string.Join(", ", schemes) : "none named")}){(proxy.Credential is null ? "; none were given." : "; the ones given were refused.")}"),
            _ => (ProxyStatus.Denied, $"The proxy {proxy.Display} refused the tunnel to {host}:{port} ({status} {reason})."),
        };
        return new ProxyOutcome(outcome, null, tcp, status, schemes, error, elapsed);
    }

    private static byte[] ConnectRequest(ProxyRoute proxy, string host, int port)
    {
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"CONNECT {host}:{port} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {host}:{port}\r\n")
            .Append("User-Agent: AcrNetwork\r\n");
        if (proxy.Credential is not null)
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{proxy.Credential.UserName}:{proxy.Credential.Password}"));
            request.Append(CultureInfo.InvariantCulture, $"Proxy-Authorization: Basic {basic}\r\n");
        }

        return Encoding.ASCII.GetBytes(request.Append("\r\n").ToString());
    }

    /// <summary>
    /// Reads up to the blank line ending the proxy's answer, byte by byte so not one byte of the tunnel
    /// is taken from the TLS handshake that follows. An empty result means the proxy closed at once.
    /// </summary>
    private static async Task<(byte[] Head, int Length)> ReadResponseHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] head = new byte[MaxResponseHeadBytes];
        int length = 0;
        while (length < head.Length)
        {
            int read = await stream.ReadAsync(head.AsMemory(length, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length++;
            // A TLS record where HTTP was expected: no blank line will come.
            if (length == 1 && head[0] is 0x15 or 0x16)
            {
                break;
            }

            if (length >= 4 && head.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                break;
            }
        }

        return (head, length);
    }

    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '.' : c).ToArray());
}
