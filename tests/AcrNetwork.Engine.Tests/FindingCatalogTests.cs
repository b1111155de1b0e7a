namespace AcrNetwork.Tests;

public class FindingCatalogTests
{
    // The codes of findings.md that need no -ClientSubnetId: every one must be catalogued.
    public static readonly TheoryData<string> PublicCodes = new(
        "DnsNameNotFound", "DnsServerUnreachable", "DataEndpointNotResolvable", "PrivateEndpointDnsNotUsed",
        "PrivateDnsRecordMissing", "PrivateDnsRecordMismatch", "PrivateEndpointNotApproved", "PrivateEndpointUnreachable",
        "ResourceProviderNotRegistered", "TcpConnectTimeout", "TcpConnectRefused", "DataEndpointBlocked", "StorageEndpointBlocked",
        "TlsInterceptionDetected", "TlsHandshakeFailed", "ProxyConnectFailed", "ProxyDenied", "ProxyAuthenticationRequired",
        "ProxySchemeMismatch", "RegistryFirewallDeniedClient", "PublicNetworkAccessDisabled", "ClientIpNotAllowed",
        "NetworkRulesRequirePremium", "TrustedServicesBlocked", "ServiceIntegrationUnsupported", "RegistryChallengeMissing",
        "TokenExchangeDenied", "RegistryThrottled", "RegistryNotFound", "ConfigurationUnavailable", "ClientEgressNotControllable",
        "DedicatedDataEndpointsDisabled");

    [Theory]
    [MemberData(nameof(PublicCodes))]
    public void CataloguesEveryCode(string code)
    {
        FindingDefinition definition = FindingCatalog.Definitions[code];

        Assert.StartsWith("https://learn.microsoft.com/azure/", definition.DocumentationUrl);
        Assert.False(string.IsNullOrWhiteSpace(definition.Symptom));
    }

    [Fact]
    public void KeepsTheSeveritiesAndCausesOfTheContract()
    {
        Assert.Equal((FindingSeverity.Error, FindingCause.PublicNetworkRules), Of("ClientIpNotAllowed"));
        Assert.Equal((FindingSeverity.Warning, FindingCause.Configuration), Of("NetworkRulesRequirePremium"));
        Assert.Equal((FindingSeverity.Warning, FindingCause.AzureServiceIntegration), Of("TrustedServicesBlocked"));
        Assert.Equal((FindingSeverity.Info, FindingCause.Configuration), Of("ConfigurationUnavailable"));
        Assert.Equal((FindingSeverity.Warning, FindingCause.Transient), Of("RegistryThrottled"));
        Assert.Equal((FindingSeverity.Error, FindingCause.Authentication), Of("TokenExchangeDenied"));

        static (FindingSeverity, FindingCause) Of(string code) => (FindingCatalog.Definitions[code].Severity, FindingCatalog.Definitions[code].Cause);
    }

    [Fact]
    public void CreatesAFindingFromTheCatalogue()
    {
        Finding finding = FindingCatalog.Create("TcpConnectTimeout", "r.azurecr.io", "No answer.", ["SYN to 203.0.113.5:443 unanswered after 5 s"], "Allow 443.");

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal(FindingCause.ClientFirewallOrProxy, finding.Cause);
        Assert.Equal("Client.Timeout exceeded while awaiting headers", finding.Symptom);
        Assert.Equal(["SYN to 203.0.113.5:443 unanswered after 5 s"], finding.Evidence);
    }

    [Fact]
    public void RefusesAnUncataloguedCode() =>
        Assert.Throws<ArgumentException>(() => FindingCatalog.Create("MadeUp", "t", "s", [], "r"));
}
