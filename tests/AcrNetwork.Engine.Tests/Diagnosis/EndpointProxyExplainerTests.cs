using System.Collections;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>Why each endpoint goes through the proxy it does: the decision is .NET's, the explanation names the variable.</summary>
public class EndpointProxyExplainerTests
{
    private static readonly ProxySelection Proxy = ProxySelection.Explicit(new Uri("http://proxy.contoso.test:3128"));

    [Fact]
    public void NamesTheVariableThatSendsAnEndpointThroughTheProxy()
    {
        EndpointProxy decision = EndpointProxyExplainer.Explain("contoso.azurecr.io", Proxy, ProxyMode.Default,
            new Hashtable { ["HTTPS_PROXY"] = "http://alice:s3cret@proxy.contoso.test:3128", ["NO_PROXY"] = "localhost" });

        Assert.Equal("http://proxy.contoso.test:3128", decision.Proxy);
        Assert.Equal("HTTPS_PROXY=http://alice:***@proxy.contoso.test:3128 applies; no NO_PROXY entry matches contoso.azurecr.io.", decision.Reason);
    }

    [Fact]
    public void NamesTheNoProxyEntryThatBypassesIt()
    {
        EndpointProxy decision = EndpointProxyExplainer.Explain("contoso.azurecr.io", ProxySelection.None, ProxyMode.Default,
            new Hashtable { ["HTTPS_PROXY"] = "http://proxy.contoso.test:3128", ["no_proxy"] = "localhost,.azurecr.io" });

        Assert.Null(decision.Proxy);
        Assert.Equal("no_proxy entry '.azurecr.io' matches contoso.azurecr.io: connected directly, not through HTTPS_PROXY=http://proxy.contoso.test:3128.", decision.Reason);
    }

    [Fact]
    public void WarnsWhereDockerReadsNoProxyOtherwise()
    {
        // 'azurecr.io' without a leading dot covers subdomains for Docker, and only the domain itself for .NET.
        EndpointProxy decision = EndpointProxyExplainer.Explain("contoso.azurecr.io", Proxy, ProxyMode.Default,
            new Hashtable { ["HTTPS_PROXY"] = "http://proxy.contoso.test:3128", ["NO_PROXY"] = "azurecr.io" });

        Assert.Contains("Docker's daemon would connect directly (NO_PROXY 'azurecr.io'", decision.Reason);
    }

    [Fact]
    public void SaysWhenNothingSetsAProxyOrTheUserChoseOne()
    {
        Assert.Equal("No HTTPS_PROXY or ALL_PROXY is set: connected directly.",
            EndpointProxyExplainer.Explain("contoso.azurecr.io", ProxySelection.None, ProxyMode.Default, new Hashtable()).Reason);
        Assert.Equal("-Proxy was given.", EndpointProxyExplainer.Explain("contoso.azurecr.io", Proxy, ProxyMode.Explicit, new Hashtable()).Reason);
        Assert.Equal("-NoProxy: connected directly.", EndpointProxyExplainer.Explain("contoso.azurecr.io", ProxySelection.None, ProxyMode.None, new Hashtable()).Reason);
    }

    [Fact]
    public void ExplainsWhatEachHostMeans()
    {
        Assert.Contains(new ClientContext { HostKind = ClientHostKind.AzureAutomation }.Implications, line => line.Contains("Hybrid Runbook Worker", StringComparison.Ordinal));
        Assert.Contains(new ClientContext { HostKind = ClientHostKind.CloudShell }.Implications, line => line.Contains("not a trusted Azure service", StringComparison.Ordinal));
        Assert.Contains(new ClientContext { HostKind = ClientHostKind.KubernetesPod }.Implications, line => line.Contains("node's container runtime", StringComparison.Ordinal));
        Assert.Empty(new ClientContext().Implications);
    }
}
