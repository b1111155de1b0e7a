using System.Net;
using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>The results of the stages that open a connection, and the TLS stream when every one passed.</summary>
internal sealed record Connection(Stream? Stream, ProxyResult? Proxy, TcpResult Tcp, TlsResult? Tls)
{
    public StageFailure? Failure => Proxy?.Failure ?? Tcp.Failure ?? Tls?.Failure;
}

/// <summary>
/// Opens the TLS connection a client would: TCP to the exact address being tested (or a CONNECT tunnel
/// through the proxy), then TLS to the host name, each stage giving its result.
/// </summary>
/// <param name="log">Its wire channel is told each proxy's answer to CONNECT.</param>
internal sealed class EndpointConnector(TimeSpan timeout, DiagnosisLog log)
{
    private const int HttpsPort = 443;

    /// <summary>The stages' results; the stream is null when a stage failed (its result says which and why).</summary>
    public async Task<Connection> OpenAsync(string host, IPAddress? address, ProxyRoute? proxy, CancellationToken cancellationToken)
    {
        Stream transport;
        ProxyResult? proxyResult = null;
        TcpResult tcpResult;
        if (proxy is not null)
        {
            ProxyOutcome tunnel = await ProxyTunnel.OpenAsync(proxy, host, HttpsPort, timeout, cancellationToken).ConfigureAwait(false);
            log.Wire.Tell($"CONNECT {host}:{HttpsPort} through {proxy.Display}: {(object?)tunnel.HttpStatus ?? "no answer"} ({tunnel.Status}) in {tunnel.ElapsedMs:F0} ms");
            tcpResult = new TcpResult(tunnel.Tcp.Status, EndpointTest.Milliseconds(tunnel.Tcp.ElapsedMs));
            proxyResult = new ProxyResult(proxy.Display, tunnel.Status, tunnel.HttpStatus, EndpointTest.Milliseconds(tunnel.ElapsedMs));
            if (tunnel.Tunnel is null)
            {
                return new Connection(null, proxyResult with { Failure = new(PullStage.Proxy, tunnel.Error!, tunnel.Tcp.Error ?? tunnel.Error) }, tcpResult, null);
            }

            transport = tunnel.Tunnel;
        }
        else
        {
            var endpoint = new IPEndPoint(address!, HttpsPort);
            TcpOutcome tcp = await TcpProbe.ConnectAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
            tcpResult = new TcpResult(tcp.Status, EndpointTest.Milliseconds(tcp.ElapsedMs));
            if (tcp.Socket is null)
            {
                return new Connection(null, null, tcpResult with { Failure = new(PullStage.Tcp, DescribeTcpFailure(tcp, endpoint), tcp.Error) }, null);
            }

            transport = new NetworkStream(tcp.Socket, ownsSocket: true);
        }

        TlsOutcome tls = await TlsProbe.HandshakeAsync(transport, host, timeout, cancellationToken).ConfigureAwait(false);
        var tlsResult = new TlsResult(tls.Status, tls.Protocol, tls.Certificate, EndpointTest.Milliseconds(tls.ElapsedMs));
        if (tls.Stream is not null)
        {
            return new Connection(tls.Stream, proxyResult, tcpResult, tlsResult);
        }

        if (proxyResult is not null && tls.Status is TlsStatus.Closed or TlsStatus.Reset)
        {
            // The proxy accepted CONNECT and then dropped the tunnel: Go clients call this "proxyconnect tcp: EOF".
            StageFailure closed = new(PullStage.Proxy, $"The proxy {proxy!.Display} opened the tunnel to {host}, then closed it when TLS began.", tls.Error);
            return new Connection(null, proxyResult with { Status = ProxyStatus.TunnelClosed, Failure = closed }, tcpResult, tlsResult);
        }

        return new Connection(null, proxyResult, tcpResult, tlsResult with { Failure = new(PullStage.Tls, DescribeTlsFailure(tls, host), tls.Error) });
    }

    /// <summary>A further connection on the same route, for requests after the server closed the first one.</summary>
    public async Task<Stream> ReconnectAsync(string host, IPAddress? address, ProxyRoute? proxy, CancellationToken cancellationToken)
    {
        Connection connection = await OpenAsync(host, address, proxy, cancellationToken).ConfigureAwait(false);
        return connection.Stream ?? throw new IOException($"Reconnecting failed: {connection.Failure!.Message}");
    }

    private string DescribeTcpFailure(TcpOutcome tcp, IPEndPoint endpoint) => tcp.Status switch
    {
        TcpStatus.Timeout => $"TCP to {endpoint} got no answer within {timeout.TotalSeconds:0.#} s: packets are dropped on the way (firewall, NSG, route).",
        TcpStatus.Refused => $"TCP to {endpoint} was refused (reset): a firewall rejects it or nothing listens.",
        TcpStatus.Unreachable => $"TCP to {endpoint} failed: no route to the address from this machine.",
        TcpStatus.Reset => $"TCP to {endpoint} was reset while connecting.",
        _ => $"TCP to {endpoint} failed: {tcp.Error}",
    };

    private static string DescribeTlsFailure(TlsOutcome tls, string host) => tls.Status switch
    {
        TlsStatus.Untrusted => $"The certificate for {host} is issued by '{tls.Certificate?.Issuer}', which this machine does not trust{(tls.Certificate?.IssuerIsAzure == false ? ": not an Azure CA, so something re-signs the traffic (TLS inspection)" : "")}.",
        TlsStatus.NameMismatch => $"The certificate ('{tls.Certificate?.Subject}') does not name {host}.",
        TlsStatus.Expired => $"The certificate for {host} (or one in its chain) is expired or not yet valid (not after {tls.Certificate?.NotAfter:u}).",
        TlsStatus.NotTls => $"{host} answered in plain HTTP on port 443, not TLS.",
        TlsStatus.Closed => $"{host} closed the connection during the TLS handshake.",
        TlsStatus.Reset => $"{host} reset the connection during the TLS handshake.",
        TlsStatus.Timeout => $"The TLS handshake with {host} did not finish: {tls.Error}",
        _ => $"The TLS handshake with {host} failed: {tls.Error}",
    };
}
