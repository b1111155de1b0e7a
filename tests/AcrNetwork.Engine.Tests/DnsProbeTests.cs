using System.Net;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests;

/// <summary>DNS answers as a client sees them, from a resolver on 127.0.0.1 that each test starts.</summary>
public class DnsProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // Where a test expects an answer, a busy machine must not turn it into a timeout; answers come in milliseconds.
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FollowsTheWholeCnameChainToTheFinalAddress()
    {
        using var server = new LoopbackDnsServer()
            .Alias("contoso.azurecr.test", "contoso.privatelink.azurecr.test")
            .Alias("contoso.privatelink.azurecr.test", "reg1.westus.azcr.test")
            .Alias("reg1.westus.azcr.test", "westus-acr-reg.trafficmanager.test")
            .Address("westus-acr-reg.trafficmanager.test", "192.0.2.10");

        DnsLookup lookup = await Resolve(server, "contoso.azurecr.test");

        Assert.Equal(DnsStatus.Resolved, lookup.Status);
        Assert.Equal(["contoso.privatelink.azurecr.test", "reg1.westus.azcr.test", "westus-acr-reg.trafficmanager.test"], lookup.CnameChain);
        Assert.Equal([IPAddress.Parse("192.0.2.10")], lookup.Addresses);
        Assert.Equal(NameResolver.Format(server.EndPoint), lookup.NameServer);
    }

    [Fact]
    public async Task ReadsIpv4AndIpv6Answers()
    {
        using var server = new LoopbackDnsServer().Address("dual.azurecr.test", "10.1.0.4", "fd00::4");

        DnsLookup lookup = await Resolve(server, "dual.azurecr.test");

        Assert.Equal(["10.1.0.4", "fd00::4"], lookup.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task TellsNxdomainWithThePartOfTheChainThatExists()
    {
        using var server = new LoopbackDnsServer().Alias("contoso.azurecr.test", "contoso.privatelink.azurecr.test");

        DnsLookup lookup = await Resolve(server, "contoso.azurecr.test");

        Assert.Equal(DnsStatus.NameNotFound, lookup.Status);
        Assert.Equal(["contoso.privatelink.azurecr.test"], lookup.CnameChain);
        Assert.Empty(lookup.Addresses);
        Assert.Equal("NXDOMAIN", lookup.Error);
    }

    [Fact]
    public async Task TellsANameWithoutAddressRecords()
    {
        using var server = new LoopbackDnsServer().Address("v6only.azurecr.test", "fd00::9").Alias("alias.azurecr.test", "v6only.azurecr.test");

        Assert.Equal(DnsStatus.Resolved, (await Resolve(server, "alias.azurecr.test")).Status);
        using var empty = new LoopbackDnsServer().Address("empty.azurecr.test");
        DnsLookup lookup = await Resolve(empty, "empty.azurecr.test");
        Assert.Equal(DnsStatus.NoRecord, lookup.Status);
    }

    [Theory]
    [InlineData(2, DnsStatus.ServerFailure, "SERVFAIL")]
    [InlineData(5, DnsStatus.Refused, "REFUSED")]
    [InlineData(4, DnsStatus.Failed, "response code 4 (NotImplemented)")]
    public async Task TellsServerErrors(int responseCode, DnsStatus status, string error)
    {
        using var server = new LoopbackDnsServer().Fail("contoso.azurecr.test", responseCode);

        DnsLookup lookup = await Resolve(server, "contoso.azurecr.test");

        Assert.Equal(status, lookup.Status);
        Assert.Equal(error, lookup.Error);
    }

    [Fact]
    public async Task TimesOutOnceWithinTheDeadlineWhenNoAnswerComes()
    {
        using var server = new LoopbackDnsServer().Silent("contoso.azurecr.test");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        DnsLookup lookup = await new DnsProbe(Timeout).ResolveAsync("contoso.azurecr.test", NameResolver.ForServer(server.EndPoint), CancellationToken.None);

        Assert.Equal(DnsStatus.Timeout, lookup.Status);
        // The timer that ends the wait may fire a few milliseconds early.
        Assert.InRange(clock.Elapsed, Timeout - TimeSpan.FromMilliseconds(50), Timeout * 3);
        Assert.Equal(2, server.QueryCount);
    }

    [Fact]
    public async Task TellsAServerThatIsNotThere()
    {
        IPEndPoint closed = LoopbackTcpServer.ClosedPort();

        DnsLookup lookup = await new DnsProbe(Timeout).ResolveAsync("contoso.azurecr.test", NameResolver.ForServer(closed), CancellationToken.None);

        Assert.Contains(lookup.Status, new[] { DnsStatus.Unreachable, DnsStatus.Timeout });
    }

    [Fact]
    public async Task TellsAMalformedAnswer()
    {
        using var server = new LoopbackDnsServer().Garble("contoso.azurecr.test");

        DnsLookup lookup = await Resolve(server, "contoso.azurecr.test");

        Assert.Equal(DnsStatus.Malformed, lookup.Status);
    }

    [Fact]
    public async Task TellsACnameLoop()
    {
        using var server = new LoopbackDnsServer().Alias("a.azurecr.test", "b.azurecr.test").Alias("b.azurecr.test", "a.azurecr.test");

        DnsLookup lookup = await Resolve(server, "a.azurecr.test");

        Assert.NotEqual(DnsStatus.Resolved, lookup.Status);
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        using var server = new LoopbackDnsServer().Silent("contoso.azurecr.test");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DnsProbe(TimeSpan.FromSeconds(30)).ResolveAsync("contoso.azurecr.test", NameResolver.ForServer(server.EndPoint), cancel.Token));
    }

    private static Task<DnsLookup> Resolve(LoopbackDnsServer server, string name) =>
        new DnsProbe(AnswerTimeout).ResolveAsync(name, NameResolver.ForServer(server.EndPoint), CancellationToken.None);
}
