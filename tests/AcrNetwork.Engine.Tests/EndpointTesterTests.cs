using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests;

/// <summary>
/// Whole endpoint tests through a proxy on 127.0.0.1 that each test starts (the proxy connects on the
/// client's behalf, so nothing but the loopback server is ever contacted).
/// </summary>
public class EndpointTesterTests
{
    private static readonly AzureCloudEnvironment Lab = new("Lab", "https://management.lab.test/", "azurecr.test", "https://login.lab.test/", "core.lab.test");

    private static readonly RegistryNetworkConfig Registry = new()
    {
        Name = "contoso",
        LoginServer = "contoso.azurecr.test",
        Location = "westus",
        Replications = [new RegistryReplication { Name = "eastus", Region = "eastus" }],
        DataEndpointEnabled = true,
    };

    [Fact]
    public async Task ReportsTheProxysRefusalPerEndpoint()
    {
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n\r\n"u8.ToArray(), token);
        });

        List<EndpointTest> results = await TestAsync(Options(proxy));

        Assert.Equal(["contoso.azurecr.test", "contoso.westus.data.azurecr.test", "contoso.eastus.data.azurecr.test"], results.Select(r => r.Fqdn));
        Assert.All(results, r =>
        {
            Assert.Equal(PullStage.Proxy, r.FailedStage);
            Assert.Equal(EndpointStatus.Failed, r.Status);
            Assert.Equal(ProxyStatus.AuthenticationRequired, r.ProxyStatus);
            Assert.Equal(407, r.ProxyHttpStatus);
            Assert.Equal($"http://{proxy.EndPoint}", r.Proxy);
            Assert.Equal(TcpStatus.Connected, r.TcpStatus);
            Assert.Null(r.Address);
            Assert.Null(r.TlsStatus);
        });
    }

    [Fact]
    public async Task NamesTheIssuerWhenTheTunnelMeetsAnInspectingCertificate()
    {
        using X509Certificate2 certificate = TestCertificates.Issue("Contoso TLS Inspection CA", "*.azurecr.test", "*.westus.data.azurecr.test", "*.eastus.data.azurecr.test");
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), token);
            using var tls = new SslStream(stream);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, token);
        });

        List<EndpointTest> results = await TestAsync(Options(proxy));

        Assert.All(results, r =>
        {
            Assert.Equal((PullStage?)PullStage.Tls, r.FailedStage);
            Assert.Equal(ProxyStatus.Connected, r.ProxyStatus);
            Assert.Equal(TlsStatus.Untrusted, r.TlsStatus);
            Assert.Equal("Contoso TLS Inspection CA", r.TlsIssuer);
            Assert.False(r.TlsIssuerIsAzure);
            Assert.Contains("TLS inspection", r.Message);
            Assert.NotNull(r.TlsMs);
        });
    }

    [Fact]
    public async Task TellsAProxyThatClosesTheTunnelWhenTlsBegins()
    {
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            await LoopbackHttp.ReadHeadAsync(stream, token);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), token);
        });

        EndpointTest rest = (await TestAsync(Options(proxy)))[0];

        Assert.Equal(PullStage.Proxy, rest.FailedStage);
        Assert.Equal(ProxyStatus.TunnelClosed, rest.ProxyStatus);
        Assert.Equal(200, rest.ProxyHttpStatus);
    }

    [Fact]
    public async Task KeepsEveryEndpointInFlightAtOnce()
    {
        int open = 0;
        int mostOpen = 0;
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            int now = Interlocked.Increment(ref open);
            InterlockedMax(ref mostOpen, now);
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            finally
            {
                Interlocked.Decrement(ref open);
            }
        });

        List<EndpointTest> results = await TestAsync(Options(proxy, TimeSpan.FromSeconds(1)));

        Assert.All(results, r => Assert.Equal(ProxyStatus.Timeout, r.ProxyStatus));
        Assert.Equal(3, mostOpen);
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        using var proxy = new LoopbackTcpServer((stream, token) => Task.Delay(System.Threading.Timeout.Infinite, token));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var tester = new EndpointTester(Options(proxy, TimeSpan.FromSeconds(60)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tester.TestAsync(Requests(), _ => { }, cancel.Token));
    }

    [Fact]
    public async Task TestsTheAnswersItIsGivenAndReportsTheResolversThatFailed()
    {
        ProbeTarget rest = ProbeTargets.For(Registry, Lab)[0];
        var failed = new DnsResolution
        {
            Registry = "contoso",
            LoginServer = rest.LoginServer,
            Fqdn = rest.Fqdn,
            Role = EndpointPurpose.Rest,
            Resolver = "10.9.0.53",
            Status = DnsStatus.NameNotFound,
            Error = "NXDOMAIN",
            ElapsedMs = 4,
        };
        var results = new List<EndpointTest>();

        await new EndpointTester(new EndpointTestOptions { Proxy = ProxySelection.None, Environment = Lab })
            .TestAsync([new EndpointTestRequest { Target = rest, Resolutions = [failed] }], results.Add, CancellationToken.None);

        EndpointTest result = Assert.Single(results);
        Assert.Equal((PullStage?)PullStage.Dns, result.FailedStage);
        Assert.Equal(DnsStatus.NameNotFound, result.DnsStatus);
        Assert.Equal("10.9.0.53", result.Resolver);
        Assert.Null(result.TcpStatus);
        Assert.StartsWith("NXDOMAIN", result.Message);
    }

    private static EndpointTestOptions Options(LoopbackTcpServer proxy, TimeSpan? timeout = null) => new()
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(2),
        Proxy = ProxySelection.Explicit(new Uri($"http://{proxy.EndPoint}")),
        Environment = Lab,
    };

    private static List<EndpointTestRequest> Requests() =>
        ProbeTargets.For(Registry, Lab).Select(t => new EndpointTestRequest { Target = t }).ToList();

    private static async Task<List<EndpointTest>> TestAsync(EndpointTestOptions options)
    {
        var results = new List<EndpointTest>();
        await new EndpointTester(options).TestAsync(Requests(), results.Add, CancellationToken.None);
        return results;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
