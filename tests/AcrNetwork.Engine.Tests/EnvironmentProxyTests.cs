using System.Collections;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AcrNetwork.Tests;

/// <summary>
/// The proxy variables and NO_PROXY as .NET reads them, decided from the variables given at each call. The
/// properties (FsCheck.Xunit prints "Ok, passed N tests." for each) feed them random and proxy-shaped text.
/// </summary>
public class EnvironmentProxyTests
{
    private const int Cases = 1000;

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

    [Property(MaxTest = Cases)]
    public Property NoProxyVariableCrashesTheReader() => Prop.ForAll(ProxyLikeText.ToArbitrary(), value =>
    {
        Uri? uri = EnvironmentProxy.ParseProxyUri(value);
        return uri is null || (uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0);
    });

    [Property(MaxTest = Cases)]
    public Property NoSetOfVariablesCrashesTheProxyDecision() => Prop.ForAll(
        Gen.ArrayOf(ProxyLikeText, VariableNames.Length).ToArbitrary(),
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
            return route is null || (route.Uri.IsAbsoluteUri && !route.Display.Contains('@', StringComparison.Ordinal)) && explained.Reason.Length > 0;
        });

    [Property(MaxTest = Cases)]
    public Property CredentialsSurviveTheRoundTripAndNeverShow() => Prop.ForAll(
        Gen.Zip(Gen.Elements("alice", "bob.smith", "dom%5Cuser"), ArbMap.Default.ArbFor<NonEmptyString>().Generator.Select(s => s.Get)).ToArbitrary(),
        pair =>
        {
            (string user, string password) = pair;
            string value = $"http://{user}:{Uri.EscapeDataString(password)}@proxy.contoso.test:3128";
            EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable { ["HTTPS_PROXY"] = value })!;
            ProxyRoute route = ProxySelection.FromEnvironment(new Hashtable { ["HTTPS_PROXY"] = value }).RouteFor(Registry.Host)!;
            NetworkCredential? credential = proxy.Credentials?.GetCredential(proxy.GetProxy(Registry)!, "Basic");
            return credential?.Password == password
                && credential.UserName == Uri.UnescapeDataString(user)
                && route.Display == "http://proxy.contoso.test:3128"
                && Redaction.Text($"proxy '{value}/' failed") == $"proxy 'http://{user}:***@proxy.contoso.test:3128/' failed";
        });

    [Property(MaxTest = Cases)]
    public Property NoProxyListsNeverCrashAndMatchAsDotNetDoes() => Prop.ForAll(
        Gen.Zip(ProxyLikeText, Gen.Elements("contoso.azurecr.io", "localhost", "10.0.0.1", "a.b.c.d")).ToArbitrary(),
        pair =>
        {
            (string noProxy, string host) = pair;
            string[] entries = EnvironmentProxy.ParseNoProxy(noProxy);
            EnvironmentProxy proxy = EnvironmentProxy.TryCreate(new Hashtable { ["HTTPS_PROXY"] = "http://proxy:3128", ["NO_PROXY"] = noProxy })!;
            bool bypassed = proxy.IsBypassed(new Uri($"https://{host}/"));
            return entries.All(entry => entry.Length > 0 && entry == entry.Trim())
                && bypassed == entries.Any(entry => EnvironmentProxy.NoProxyMatches(entry, host))
                && EnvironmentProxy.NoProxyMatches(host, host)
                && EnvironmentProxy.NoProxyMatches("." + host, "sub." + host);
        });
}
