using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests;

/// <summary>TCP, TLS and proxy tunnels against servers on 127.0.0.1 that each test starts.</summary>
public class ConnectionProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ConnectsAndTellsARefusal()
    {
        using var server = new LoopbackTcpServer((_, _) => Task.CompletedTask);

        TcpOutcome connected = await TcpProbe.ConnectAsync(server.EndPoint, Timeout, CancellationToken.None);
        TcpOutcome refused = await TcpProbe.ConnectAsync(LoopbackTcpServer.ClosedPort(), Timeout, CancellationToken.None);

        Assert.Equal(TcpStatus.Connected, connected.Status);
        connected.Socket!.Dispose();
        Assert.Equal(TcpStatus.Refused, refused.Status);
        Assert.StartsWith("ConnectionRefused", refused.Error);
    }

    [Fact]
    public async Task NamesTheIssuerOfAnUntrustedCertificate()
    {
        using X509Certificate2 certificate = TestCertificates.Issue("Contoso TLS Inspection CA", "contoso.azurecr.test", "*.azurecr.test");
        using var server = TlsServer(certificate);

        TlsOutcome tls = await Handshake(server, "contoso.azurecr.test");

        Assert.Equal(TlsStatus.Untrusted, tls.Status);
        Assert.Null(tls.Stream);
        Assert.NotNull(tls.Certificate);
        Assert.Equal("Contoso TLS Inspection CA", tls.Certificate.Issuer);
        Assert.False(tls.Certificate.IssuerIsAzure);
        Assert.Equal("contoso.azurecr.test", tls.Certificate.Subject);
        Assert.Equal(["contoso.azurecr.test", "*.azurecr.test"], tls.Certificate.SubjectAlternativeNames);
        Assert.Contains("RemoteCertificateChainErrors", tls.Certificate.ValidationErrors);
        Assert.True(tls.Certificate.NotAfter > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ReportsANameMismatchAlongsideTheChainError()
    {
        using X509Certificate2 certificate = TestCertificates.Issue("Some CA", "other.example.test");
        using var server = TlsServer(certificate);

        TlsOutcome tls = await Handshake(server, "contoso.azurecr.test");

        Assert.Equal(TlsStatus.Untrusted, tls.Status);
        Assert.True(tls.Certificate!.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public async Task TellsAPlainHttpServerOnTheTlsPort()
    {
        using var server = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadSomeAsync(stream, token);
            await LoopbackHttp.WriteResponseAsync(stream, 400, "plain HTTP");
        });

        Assert.Equal(TlsStatus.NotTls, (await Handshake(server, "contoso.azurecr.test")).Status);
    }

    [Fact]
    public async Task TellsAPeerThatClosesDuringTheHandshake()
    {
        using var server = new LoopbackTcpServer((_, _) => Task.CompletedTask);

        Assert.Contains((await Handshake(server, "contoso.azurecr.test")).Status, new[] { TlsStatus.Closed, TlsStatus.Reset });
    }

    [Fact]
    public async Task TimesOutAHandshakeThatNeverAnswers()
    {
        using var server = new LoopbackTcpServer((stream, token) => Task.Delay(System.Threading.Timeout.Infinite, token));
        TcpOutcome tcp = await TcpProbe.ConnectAsync(server.EndPoint, Timeout, CancellationToken.None);

        TlsOutcome tls = await TlsProbe.HandshakeAsync(new System.Net.Sockets.NetworkStream(tcp.Socket!, true), "contoso.azurecr.test", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(TlsStatus.Timeout, tls.Status);
    }

    [Theory]
    [InlineData("Microsoft Azure RSA TLS Issuing CA 03", true)]
    [InlineData("Microsoft Azure ECC TLS Issuing CA 07", true)]
    [InlineData("Microsoft Azure TLS Issuing CA 01", true)]
    [InlineData("Zscaler Intermediate Root CA (zscaler.net)", false)]
    [InlineData("Contoso TLS Inspection CA", false)]
    [InlineData("DigiCert Global Root G2", false)]
    public void RecognisesAzuresIssuingCas(string issuer, bool isAzure) => Assert.Equal(isAzure, TlsProbe.IsAzureIssuer(issuer));

    [Fact]
    public async Task OpensATunnelThroughAProxyAndSendsBasicCredentialsFromTheUrl()
    {
        LoopbackRequest? seen = null;
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            seen = await LoopbackHttp.ReadRequestAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), token);
            await LoopbackHttp.ReadSomeAsync(stream, token);
        });

        ProxyOutcome outcome = await Tunnel(new Uri($"http://user%40corp:p%3Ass@{proxy.EndPoint}"));

        Assert.Equal(ProxyStatus.Connected, outcome.Status);
        Assert.Equal(200, outcome.HttpStatus);
        Assert.NotNull(outcome.Tunnel);
        await outcome.Tunnel.DisposeAsync();
        Assert.Equal("CONNECT", seen!.Method);
        Assert.Equal("contoso.azurecr.test:443", seen.Target);
        Assert.Equal("Basic " + Convert.ToBase64String("user@corp:p:ss"u8.ToArray()), seen.Headers["Proxy-Authorization"]);
    }

    [Theory]
    [InlineData("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nProxy-Authenticate: Negotiate\r\n\r\n", ProxyStatus.AuthenticationRequired, 407)]
    [InlineData("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", ProxyStatus.Denied, 403)]
    [InlineData("HTTP/1.0 502 Bad Gateway\r\n\r\n", ProxyStatus.Denied, 502)]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n", ProxyStatus.Malformed, null)]
    [InlineData("", ProxyStatus.Closed, null)]
    [InlineData("\u0015\u0003\u0003\u0000\u0002\u0002\u0046", ProxyStatus.SchemeMismatch, null)]
    public async Task TellsHowAProxyRefusesATunnel(string answer, ProxyStatus status, int? httpStatus)
    {
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadHeadAsync(stream, token);
            await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(answer), token);
        });

        ProxyOutcome outcome = await Tunnel(new Uri($"http://{proxy.EndPoint}"));

        Assert.Equal(status, outcome.Status);
        Assert.Equal(httpStatus, outcome.HttpStatus);
        Assert.Null(outcome.Tunnel);
        Assert.Equal(TcpStatus.Connected, outcome.Tcp.Status);
        if (status == ProxyStatus.AuthenticationRequired)
        {
            Assert.Equal(["Basic", "Negotiate"], outcome.AuthenticationSchemes);
            Assert.Contains("none were given", outcome.Error);
        }
    }

    [Fact]
    public async Task TellsAnHttpsProxyUrlPointedAtAPlainHttpProxy()
    {
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadSomeAsync(stream, token);
            await LoopbackHttp.WriteResponseAsync(stream, 400, "Bad Request");
        });

        ProxyOutcome outcome = await Tunnel(new Uri($"https://{proxy.EndPoint}"));

        Assert.Equal(ProxyStatus.SchemeMismatch, outcome.Status);
        Assert.Contains("speaks plain HTTP: use http://", outcome.Error);
    }

    [Fact]
    public async Task TellsAnUnreachableProxy()
    {
        ProxyOutcome outcome = await Tunnel(new Uri($"http://{LoopbackTcpServer.ClosedPort()}"));

        Assert.Equal(ProxyStatus.Unreachable, outcome.Status);
        Assert.Equal(TcpStatus.Refused, outcome.Tcp.Status);
    }

    [Fact]
    public async Task TimesOutAProxyThatNeverAnswers()
    {
        using var proxy = new LoopbackTcpServer((stream, token) => Task.Delay(System.Threading.Timeout.Infinite, token));

        ProxyOutcome outcome = await ProxyTunnel.OpenAsync(new ProxyRoute(new Uri($"http://{proxy.EndPoint}"), null), "contoso.azurecr.test", 443, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(ProxyStatus.Timeout, outcome.Status);
    }

    [Fact]
    public void ShowsAProxyWithoutItsCredentials() =>
        Assert.Equal("http://proxy.corp.test:3128", new ProxyRoute(new Uri("http://user:secret@proxy.corp.test:3128"), null).Display);

    [Fact]
    public void ChoosesTheExplicitProxyOrNone()
    {
        Assert.Null(ProxySelection.None.RouteFor("contoso.azurecr.test"));
        ProxyRoute? route = ProxySelection.Explicit(new Uri("http://u:p@proxy.corp.test:3128")).RouteFor("contoso.azurecr.test");
        Assert.Equal("http://proxy.corp.test:3128", route?.Display);
        Assert.Equal(("u", "p"), (route?.Credential?.UserName, route?.Credential?.Password));
        Assert.Throws<ArgumentException>(() => ProxySelection.Explicit(new Uri("socks5://proxy.corp.test:1080")));
    }

    private static LoopbackTcpServer TlsServer(X509Certificate2 certificate) => new(async (stream, token) =>
    {
        using var tls = new SslStream(stream);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, token);
    });

    private static async Task<TlsOutcome> Handshake(LoopbackTcpServer server, string host)
    {
        TcpOutcome tcp = await TcpProbe.ConnectAsync(server.EndPoint, Timeout, CancellationToken.None);
        return await TlsProbe.HandshakeAsync(new System.Net.Sockets.NetworkStream(tcp.Socket!, true), host, Timeout, CancellationToken.None);
    }

    private static Task<ProxyOutcome> Tunnel(Uri proxy) =>
        ProxyTunnel.OpenAsync(ProxySelection.Explicit(proxy).RouteFor("contoso.azurecr.test")!, "contoso.azurecr.test", 443, Timeout, CancellationToken.None);
}
