using System.Collections;
using System.Collections.Concurrent;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests;

/// <summary>
/// ARM requests go through the probes' proxy selection, with its credentials; a proxy refusing the tunnel is named
/// as the cause at once (not retried), and the proxy's password never reaches the error.
/// </summary>
public class ArmConnectionProxyTests
{
    // 127.0.0.2 stands for ARM: only the loopback proxy is ever connected to, and a bypass would stay on this machine.
    private static readonly AzureCloudEnvironment LoopbackCloud = new(
        "Loopback", "https://127.0.0.2/", "azurecr.test", "https://127.0.0.2/", "core.lab.test");

    private const string RegistryId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso";

    [Fact]
    public async Task AProxyAsking407IsTheCauseNamedAtOnceWithoutRetriesOrThePassword()
    {
        var requests = new ConcurrentQueue<LoopbackRequest>();
        using var proxy = new LoopbackTcpServer(async (stream, token) =>
        {
            while (await LoopbackHttp.ReadRequestAsync(stream, token) is { } request)
            {
                requests.Enqueue(request);
                await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), token);
            }
        });
        ProxySelection selection = ProxySelection.FromEnvironment(new Hashtable { ["HTTPS_PROXY"] = $"http://alice:Wr0ngPassw0rd@{proxy.EndPoint}" });
        var connection = new ArmConnection(new StaticAccessTokenCredential("arm-token-value"), LoopbackCloud, proxy: selection);

        ArmReadException error = await Assert.ThrowsAsync<ArmReadException>(() => connection.GetAsync(RegistryId, ArmApiVersions.Registry, CancellationToken.None));

        Assert.Equal(ArmFailure.Unreachable, error.Failure);
        Assert.Equal(ProxyStatus.AuthenticationRequired, error.ProxyStatus);
        Assert.Equal($"http://{proxy.EndPoint}", error.Proxy);
        Assert.Contains($"through the proxy http://{proxy.EndPoint}: the proxy requires authentication (407)", error.Message);
        Assert.DoesNotContain("Wr0ngPassw0rd", error.ToString());
        Assert.Equal(1, connection.RequestCount);

        // .NET answers the challenge once with the URL's credentials: no request without them follows.
        Assert.All(requests, request => Assert.Equal("CONNECT", request.Method));
        Assert.Contains(requests, request => request.Headers.TryGetValue("Proxy-Authorization", out string? value) && value.StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReadCutShortByItsDeadlineNamesTheFailureItWasRetrying()
    {
        ProxySelection selection = ProxySelection.FromEnvironment(new Hashtable { ["HTTPS_PROXY"] = $"http://{LoopbackTcpServer.ClosedPort()}" });
        var connection = new ArmConnection(new StaticAccessTokenCredential("arm-token-value"), LoopbackCloud, proxy: selection);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        ArmReadException error = await Assert.ThrowsAsync<ArmReadException>(() => connection.GetAsync(RegistryId, ArmApiVersions.Registry, deadline.Token));

        Assert.Equal(ArmFailure.Unreachable, error.Failure);
        Assert.True(error.Message.Contains("Connection refused", StringComparison.Ordinal), error.Message);
        Assert.True(error.Message.Contains("still failing when the read was stopped", StringComparison.Ordinal), error.Message);
    }
}
