using System.Net;
using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>
/// Opens the TLS connection a client would: TCP to the exact address being tested (or a CONNECT tunnel
/// through the proxy), then TLS to the host name. Each stage's result goes into the endpoint test.
/// </summary>
internal sealed class EndpointConnector(TimeSpan timeout)
{
    private const int HttpsPort = 443;

    /// <summary>The TLS stream, or null when a stage failed (the test then says which and why).</summary>
    public async Task<Stream?> OpenAsync(EndpointTest test, string host, IPAddress? address, ProxyRoute? proxy, CancellationToken cancellationToken)
    {
        Stream transport;
        if (proxy is not null)
        {
            test.Proxy = proxy.Display;
            ProxyOutcome tunnel = await ProxyTunnel.OpenAsync(proxy, host, HttpsPort, timeout, cancellationToken).ConfigureAwait(false);
            test.TcpStatus = tunnel.Tcp.Status;
            test.TcpMs = EndpointTest.Milliseconds(tunnel.Tcp.ElapsedMs);
            test.ProxyStatus = tunnel.Status;
            test.ProxyHttpStatus = tunnel.HttpStatus;
            test.ProxyMs = EndpointTest.Milliseconds(tunnel.ElapsedMs);
            if (tunnel.Tunnel is null)
            {
                test.Fail(PullStage.Proxy, tunnel.Error!, tunnel.Tcp.Error ?? tunnel.Error);
                return null;
            }

            transport = tunnel.Tunnel;
        }
        else
        {
            var endpoint = new IPEndPoint(address!, HttpsPort);
            TcpOutcome tcp = await TcpProbe.ConnectAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
            test.TcpStatus = tcp.Status;
            test.TcpMs = EndpointTest.Milliseconds(tcp.ElapsedMs);
            if (tcp.Socket is null)
            {
                test.Fail(PullStage.Tcp, DescribeTcpFailure(tcp, endpoint), tcp.Error);
                return null;
            }

            transport = new NetworkStream(tcp.Socket, ownsSocket: true);
        }

        TlsOutcome tls = await TlsProbe.HandshakeAsync(transport, host, timeout, cancellationToken).ConfigureAwait(false);
        Record(test, tls);
        if (tls.Stream is not null)
        {
            return tls.Stream;
        }

        if (proxy is not null && tls.Status is TlsStatus.Closed or TlsStatus.Reset)
        {
            // The proxy accepted CONNECT and then dropped the tunnel: Go clients call this "proxyconnect tcp: EOF".
            test.ProxyStatus = ProxyStatus.TunnelClosed;
            test.Fail(PullStage.Proxy, $"The proxy {proxy.Display} opened the tunnel to {host}, then closed it when TLS began.", tls.Error);
            return null;
        }

        test.Fail(PullStage.Tls, DescribeTlsFailure(tls, host), tls.Error);
        return null;
    }

    /// <summary>A further connection on the same route, for requests after the server closed the first one.</summary>
    public async Task<Stream> ReconnectAsync(string host, IPAddress? address, ProxyRoute? proxy, CancellationToken cancellationToken)
    {
        var scratch = new EndpointTest();
        return await OpenAsync(scratch, host, address, proxy, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"Reconnecting failed: {scratch.Message}");
    }

    private static void Record(EndpointTest test, TlsOutcome tls)
    {
        test.TlsStatus = tls.Status;
        test.TlsMs = EndpointTest.Milliseconds(tls.ElapsedMs);
        test.TlsProtocol = tls.Protocol;
        if (tls.Certificate is { } certificate)
        {
            test.TlsSubject = certificate.Subject;
            test.TlsIssuer = certificate.Issuer;
            test.TlsIssuerIsAzure = certificate.IssuerIsAzure;
            test.TlsSubjectAlternativeNames = certificate.SubjectAlternativeNames;
            test.TlsChain = certificate.Chain;
            test.TlsNotAfter = certificate.NotAfter;
            test.TlsValidationErrors = certificate.ValidationErrors;
        }
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
