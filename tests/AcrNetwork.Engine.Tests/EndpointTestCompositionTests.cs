namespace AcrNetwork.Tests;

/// <summary>How an endpoint test reads the results its stages produced: no network.</summary>
public class EndpointTestCompositionTests
{
    private static readonly ProbeTarget Registry = new() { Registry = "contoso", LoginServer = "contoso.azurecr.io", Fqdn = "contoso.azurecr.io", Role = EndpointPurpose.Rest, Region = "westus" };

    [Fact]
    public void APassedTestReadsEachStagesFactsAndJoinsTheirNotesInTheOrderTheyRan()
    {
        var test = new EndpointTest
        {
            Target = Registry,
            DnsResult = new DnsResult("20.1.2.3", false, "IPv4", "System", DnsStatus.Resolved, 1.5, null),
            TcpResult = new TcpResult(TcpStatus.Connected, 2.5),
            TlsResult = new TlsResult(TlsStatus.Trusted, "TLS 1.3", null, 3.5),
            HttpResult = new HttpResult("GET /v2/", 401, Ms: 4.5) { Note = "The registry answers 401." },
            TokenResult = new TokenResult(TokenStatus.Issued, 200, null, 5.5) { Note = " A token." },
            PullResult = new PullResult("samples/hello:v1", 200, Ms: 6.5) { Note = " A pull." },
        };

        Assert.Equal(EndpointStatus.Passed, test.Status);
        Assert.Null(test.FailedStage);
        Assert.Null(test.Error);
        Assert.Equal("The registry answers 401. A token. A pull.", test.Message);
        Assert.Equal(("contoso.azurecr.io", "20.1.2.3", "IPv4", TcpStatus.Connected, "TLS 1.3", 401, TokenStatus.Issued, 200), (test.Fqdn, test.Address, test.IpVersion, test.TcpStatus, test.TlsProtocol, test.HttpStatus, test.TokenStatus, test.ManifestStatus));
        Assert.Equal((1.5, 2.5, 3.5, 4.5, 5.5, 6.5), (test.DnsMs, test.TcpMs, test.TlsMs, test.HttpMs, test.TokenMs, test.PullMs));
    }

    [Fact]
    public void AFailedTestSaysTheFailedStagesMessageAndErrorAndLeavesLaterStagesNull()
    {
        var test = new EndpointTest
        {
            Target = Registry,
            TcpResult = new TcpResult(TcpStatus.Connected, 1),
            TlsResult = new TlsResult(TlsStatus.Trusted, "TLS 1.2", null, 1),
            HttpResult = new HttpResult("GET /v2/", 401) { Note = "The registry answers 401." },
            TokenResult = new TokenResult(TokenStatus.FirewallDenied, 403, "203.0.113.10", 1) { Failure = new StageFailure(PullStage.Token, "refused", "DENIED: client with IP '203.0.113.10' is not allowed access") },
            Failure = new StageFailure(PullStage.Token, "refused", "DENIED: client with IP '203.0.113.10' is not allowed access"),
        };

        Assert.Equal(EndpointStatus.Failed, test.Status);
        Assert.Equal(PullStage.Token, test.FailedStage);
        Assert.Equal("refused", test.Message);
        Assert.StartsWith("DENIED", test.Error);
        Assert.Equal("203.0.113.10", test.ReportedClientIp);
        Assert.Null(test.Repository);
        Assert.Null(test.PullMs);
        Assert.Empty(test.TlsChain);
    }

    [Fact]
    public void BehindAProxyTheTestHasNoAddressAndNamesTheProxy()
    {
        var test = new EndpointTest
        {
            Target = Registry,
            ProxyResult = new ProxyResult("http://proxy.contoso.test:3128", ProxyStatus.Connected, 200, 2),
            TcpResult = new TcpResult(TcpStatus.Connected, 1),
        };

        Assert.Null(test.Address);
        Assert.Null(test.IsPrivate);
        Assert.Equal(("http://proxy.contoso.test:3128", ProxyStatus.Connected, 200), (test.Proxy, test.ProxyStatus, test.ProxyHttpStatus));
        Assert.Equal("contoso.azurecr.io http://proxy.contoso.test:3128: Passed", test.ToString());
    }
}
