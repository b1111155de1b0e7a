using System.Collections;
using System.Net;
using AcrNetwork.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AcrNetwork.Tests;

/// <summary>
/// The proxy variables and NO_PROXY as .NET reads them, decided from the variables given at each call. The
/// properties feed them random and proxy-shaped text (their case counts are printed after the xUnit run).
/// </summary>
public class EnvironmentProxyTests(ITestOutputHelper output)
{
    private static readonly Uri Registry = new("https://contoso.azurecr.io/");

    // Pieces that proxy variables are made of, put together at random: schemes, user info, hosts, ports, separators.
    private static readonly string[] Fragments =
    [
        "http://", "https://", "HTTP://", "socks5://", "://", "user", ":", "p@ss", "@", "%40", "%", "proxy", ".contoso.test",
        "10.20.0.1", "[::1]", "[", "]", ":3128", ":99999", ":-1", ":", "/", "//", " ", ",", ".", "*", "\t", "é", "\u0000",
    ];

    private static readonly Gen<string> ProxyLikeText =
        Gen.OneOf(ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""), Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts)));

    private static readonly string[] VariableNames =
        ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "GATEWAY_INTERFACE"];

    [Theory]
    [InlineData("http://proxy.contoso.test:3128", "http://proxy.contoso.test:3128/")]
    [InlineData("proxy.contoso.test:3128", "http://proxy.contoso.test:3128/")]
    [InlineData("proxy.contoso.test", "http://proxy.contoso.test/")]
    [InlineData("https://proxy.contoso.test", "https://proxy.contoso.test/")]
    [InlineData("http://alice:s3cret@10.20.0.1:3128/", "http://alice:s3cret@10.20.0.1:3128/")]
    [InlineData("http://alice:p@ss@10.20.0.1:3128", "http://alice:p%40ss@10.20.0.1:3128/")]
    [InlineData("http://[2001:db8::1]:3128", "http://[2001:db8::1]:3128/")]
    public void ReadsAProxyVariableAsDotNetDoes(string value, string expected) =>
        Assert.Equal(expected, EnvironmentProxy.ParseProxyUri(value)?.AbsoluteUri);

    [Theory]
    [InlineData("")]
    [InlineData("socks5://proxy:1080")]
    [InlineData("http://proxy:99999")]
    [InlineData("http://:3128")]
    [InlineData("http://proxy:port")]
    public void NamesNoProxyForWhatIsNotAnHttpProxy(string value) => Assert.Null(EnvironmentProxy.ParseProxyUri(value));

    [Fact]
    public void TakesHttpsProxyThenAllProxyAndTheCredentialsOfItsUrl()
    {
        EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable
        {
            ["ALL_PROXY"] = "http://all.contoso.test:8080",
            ["HTTPS_PROXY"] = "http://alice:s%2Fcret@secure.contoso.test:3128",
        })!;

        Uri? chosen = proxy.GetProxy(Registry);
        Assert.Equal("secure.contoso.test", chosen?.Host);
        NetworkCredential? credential = proxy.Credentials?.GetCredential(chosen!, "Basic");
        Assert.Equal(("alice", "s/cret"), (credential?.UserName, credential?.Password));
        Assert.Equal("all.contoso.test", proxy.GetProxy(new Uri("http://contoso.azurecr.io/"))?.Host);
    }

    [Fact]
    public void BypassesWhatNoProxyNamesAsDotNetDoes()
    {
        EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable
        {
            ["HTTPS_PROXY"] = "http://proxy.contoso.test:3128",
            ["NO_PROXY"] = " localhost, .azurecr.io ,example.com,*",
        })!;

        Assert.True(proxy.IsBypassed(Registry));
        Assert.True(proxy.IsBypassed(new Uri("https://azurecr.io/")));
        Assert.True(proxy.IsBypassed(new Uri("https://example.com/")));
        Assert.False(proxy.IsBypassed(new Uri("https://www.example.com/")));
        Assert.False(proxy.IsBypassed(new Uri("https://management.azure.com/")), ".NET has no '*' wildcard");
    }

    [Fact]
    public void NoVariableMeansNoProxy() =>
        Assert.Null(EnvironmentProxy.TryCreate(new Hashtable { ["NO_PROXY"] = "localhost", ["HTTPS_PROXY"] = "" }));

    [Fact]
    public void EachSelectionReadsTheVariablesOfItsMoment()
    {
        var variables = new Hashtable { ["HTTPS_PROXY"] = "http://first.contoso.test:3128" };
        ProxySelection first = ProxySelection.FromEnvironment(variables);
        variables["HTTPS_PROXY"] = "http://second.contoso.test:3128";
        ProxySelection second = ProxySelection.FromEnvironment(variables);
        variables.Remove("HTTPS_PROXY");
        ProxySelection cleared = ProxySelection.FromEnvironment(variables);

        Assert.Equal("http://first.contoso.test:3128", first.RouteFor(Registry.Host)?.Display);
        Assert.Equal("http://second.contoso.test:3128", second.RouteFor(Registry.Host)?.Display);
        Assert.Null(cleared.RouteFor(Registry.Host));
    }

    [Fact]
    public void TheWebProxyForHttpClientsTakesTheProbesRouteAndCredentials()
    {
        IWebProxy proxy = ProxySelection.FromEnvironment(new Hashtable
        {
            ["HTTPS_PROXY"] = "http://alice:s3cret@proxy.contoso.test:3128",
            ["NO_PROXY"] = "localhost",
        }).AsWebProxy();

        Uri? chosen = proxy.GetProxy(new Uri("https://management.azure.com/subscriptions"));
        Assert.Equal("http://proxy.contoso.test:3128/", chosen?.AbsoluteUri);
        Assert.Equal("s3cret", proxy.Credentials?.GetCredential(chosen!, "Basic")?.Password);
        Assert.True(proxy.IsBypassed(new Uri("https://localhost/")));
    }

    [Fact]
    public void NoProxyVariableCrashesTheReader() => PropertyRun.Check(output, "proxy variables read as a proxy URI", ProxyLikeText, value =>
    {
        Uri? uri = EnvironmentProxy.ParseProxyUri(value);
        Assert.True(uri is null || (uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0), value);
    });

    [Fact]
    public void NoSetOfVariablesCrashesTheProxyDecision() => PropertyRun.Check(
        output,
        "sets of proxy variables decided for an endpoint",
        Gen.ArrayOf(ProxyLikeText, VariableNames.Length),
        values =>
        {
            var variables = new Hashtable();
            for (int i = 0; i < VariableNames.Length; i++)
            {
                if (values[i].Length > 0)
                {
                    variables[VariableNames[i]] = values[i];
                }
            }

            ProxySelection selection = ProxySelection.FromEnvironment(variables);
            EndpointProxy explained = EndpointProxyExplainer.Explain(Registry.Host, selection, ProxyMode.Default, variables);
            ProxyRoute? route = selection.RouteFor(Registry.Host);
            Assert.True(route is null || (route.Uri.IsAbsoluteUri && !route.Display.Contains('@', StringComparison.Ordinal)) && explained.Reason.Length > 0);
        });

    [Fact]
    public void CredentialsSurviveTheRoundTripAndNeverShow() => PropertyRun.Check(
        output,
        "proxy credentials through the variables",
        Gen.Zip(Gen.Elements("alice", "bob.smith", "dom%5Cuser"), ArbMap.Default.ArbFor<NonEmptyString>().Generator.Select(s => s.Get)),
        pair =>
        {
            (string user, string password) = pair;
            string value = $"http://{user}:{Uri.EscapeDataString(password)}@proxy.contoso.test:3128";
            EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable { ["HTTPS_PROXY"] = value })!;
            ProxyRoute route = ProxySelection.FromEnvironment(new Hashtable { ["HTTPS_PROXY"] = value }).RouteFor(Registry.Host)!;
            NetworkCredential? credential = proxy.Credentials?.GetCredential(proxy.GetProxy(Registry)!, "Basic");
            Assert.Equal(password, credential?.Password);
            Assert.Equal(Uri.UnescapeDataString(user), credential!.UserName);
            Assert.Equal("http://proxy.contoso.test:3128", route.Display);
            Assert.Equal($"proxy 'http://{user}:***@proxy.contoso.test:3128/' failed", Redaction.Text($"proxy '{value}/' failed"));
        });

    [Fact]
    public void NoProxyListsNeverCrashAndMatchAsDotNetDoes() => PropertyRun.Check(
        output,
        "NO_PROXY lists",
        Gen.Zip(ProxyLikeText, Gen.Elements("contoso.azurecr.io", "localhost", "10.0.0.1", "a.b.c.d")),
        pair =>
        {
            (string noProxy, string host) = pair;
            string[] entries = EnvironmentProxy.ParseNoProxy(noProxy);
            EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable { ["HTTPS_PROXY"] = "http://proxy:3128", ["NO_PROXY"] = noProxy })!;
            bool bypassed = proxy.IsBypassed(new Uri($"https://{host}/"));
            Assert.All(entries, entry => Assert.True(entry.Length > 0 && entry == entry.Trim(), entry));
            Assert.Equal(entries.Any(entry => EnvironmentProxy.NoProxyMatches(entry, host)), bypassed);
            Assert.True(EnvironmentProxy.NoProxyMatches(host, host));
            Assert.True(EnvironmentProxy.NoProxyMatches("." + host, "sub." + host));
        });
}
