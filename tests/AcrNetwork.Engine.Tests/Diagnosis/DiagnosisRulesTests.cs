using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>Every rule on observations built by hand (no network): the facts that raise each finding code, and what it says.</summary>
public class DiagnosisRulesTests
{
    /// <summary>For every finding code of the catalogue, observations that must raise it.</summary>
    private static readonly Dictionary<string, Func<DiagnosisObservations>> Cases = new()
    {
        ["DnsNameNotFound"] = () => Of(dns: [Failed(Login, DnsStatus.NameNotFound)]),
        ["DnsServerUnreachable"] = () => Of(dns: [Failed(Login, DnsStatus.Timeout)]),
        ["DataEndpointNotResolvable"] = () => Of(
            [Rest()],
            [Resolved(Login, "20.1.2.3"), Failed(Westus, DnsStatus.NameNotFound, EndpointPurpose.Data, "westus")]),
        ["PrivateEndpointDnsNotUsed"] = () => Of([Denied(), Denied(Westus, EndpointPurpose.Data)], config: WithPrivateEndpoint()),
        ["PrivateDnsRecordMissing"] = () => Of(
            [Rest("10.1.0.4")],
            [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches), Failed(Westus, DnsStatus.NameNotFound, EndpointPurpose.Data, "westus", PrivateEndpointMatch.Missing, "contoso.westus.data.privatelink.azurecr.io")],
            WithPrivateEndpoint()),
        ["PrivateDnsRecordMismatch"] = () => Of(
            [Rest("10.1.0.9")],
            [Resolved(Login, "10.1.0.9", match: PrivateEndpointMatch.OtherPrivateAddress)],
            WithPrivateEndpoint()),
        ["PrivateEndpointNotApproved"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], config: WithPrivateEndpoint(PrivateEndpointConnectionStatus.Pending)),
        ["PrivateEndpointUnreachable"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")]),
        ["ResourceProviderNotRegistered"] = () => Of([Rest()], config: Premium(c => c with
        {
            VirtualNetworkRules = [new VirtualNetworkRule { SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/s" }],
            ProviderRegistrations = [new ResourceProviderRegistration { SubscriptionId = "00000000-0000-0000-0000-000000000002", Namespace = "Microsoft.ContainerRegistry", RegistrationState = "NotRegistered" }],
        })),
        ["TcpConnectTimeout"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout)]),
        ["TcpConnectRefused"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Refused)]),
        ["DataEndpointBlocked"] = () => Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")]),
        ["StorageEndpointBlocked"] = () => Of([Rest(), TcpFailure(Storage, EndpointPurpose.Storage, TcpStatus.Timeout, "20.60.1.2")]),
        ["TlsInterceptionDetected"] = () => Of([Tls(TlsStatus.Untrusted, "Contoso TLS Inspection CA", issuerIsAzure: false)]),
        ["TlsHandshakeFailed"] = () => Of([Tls(TlsStatus.NameMismatch, "Microsoft Azure RSA TLS Issuing CA 03", issuerIsAzure: true)]),
        ["ProxyConnectFailed"] = () => Of([ThroughProxy(ProxyStatus.Unreachable)]),
        ["ProxyDenied"] = () => Of([ThroughProxy(ProxyStatus.Denied, 403)]),
        ["ProxyAuthenticationRequired"] = () => Of([ThroughProxy(ProxyStatus.AuthenticationRequired, 407)]),
        ["ProxySchemeMismatch"] = () => Of([ThroughProxy(ProxyStatus.SchemeMismatch)]),
        ["RegistryFirewallDeniedClient"] = () => Of([Denied()]),
        ["PublicNetworkAccessDisabled"] = () => Of([Denied()], config: Premium(c => c with { PublicNetworkAccess = PublicNetworkAccess.Disabled, DefaultAction = NetworkRuleAction.Deny })),
        ["ClientIpNotAllowed"] = () => Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })),
        ["NetworkRulesRequirePremium"] = () => Of([Rest()], config: Premium(c => c with { Sku = RegistrySku.Basic, DataEndpointEnabled = false, DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })),
        ["TrustedServicesBlocked"] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TrustedServicesBypass = TrustedServicesBypass.None })),
        ["ServiceIntegrationUnsupported"] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"] })),
        ["RegistryChallengeMissing"] = () => Of([HttpFailure(401)]),
        ["TokenExchangeDenied"] = () => Of([Token(TokenStatus.Unauthorized, 401)]),
        ["RegistryThrottled"] = () => Of([HttpFailure(429)]),
        ["RegistryNotFound"] = () => Of(dns: [Failed(Login, DnsStatus.NameNotFound)], failure: new ConfigurationFailure(ArmFailure.NotFound, "No registry named 'contoso' was found.", true)),
        ["ConfigurationUnavailable"] = () => Of([Rest()]),
        ["ClientEgressNotControllable"] = () => Of([Rest()], client: new ClientContext { HostKind = ClientHostKind.CloudShell }),
        ["DedicatedDataEndpointsDisabled"] = () => Of([Rest()], config: Premium(c => c with { DataEndpointEnabled = false })),
        ["ManifestNotFound"] = () => Of([Pull(404)]),
        ["PrivateDnsZoneNotLinked"] = () => Of([Denied()], config: WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] }, clientNetwork: SpokeExamination()),
        ["CustomDnsServerCannotSeeZone"] = () => Of(
            [Denied()],
            config: WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] },
            clientNetwork: SpokeExamination(n => new VirtualNetwork { Name = n.Name, ResourceId = n.ResourceId, AddressPrefixes = n.AddressPrefixes, Peerings = n.Peerings, DnsServers = ["10.2.0.4"] })),
        ["NsgDeniesRegistryTraffic"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: SpokeExamination()),
        ["RouteDivertsRegistryTraffic"] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: SpokeExamination(withNsg: false, withRoutes: true)),
        ["FirewallDeniesRegistryHost"] = () => Of(
            [Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")],
            config: Premium(),
            clientNetwork: ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Login))),
        ["VirtualNetworkNotConnected"] = () => Of(
            [TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.5.0.4")],
            [Resolved(Login, "10.5.0.4")],
            Premium(c => c with { PrivateEndpoints = [Endpoint() with { SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/registry-vnet/subnets/endpoints" }] }),
            clientNetwork: SpokeExamination(withNsg: false)),
        ["ServiceEndpointMissing"] = () => Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, VirtualNetworkRules = [new VirtualNetworkRule { SubnetId = NodesSubnetId }] }), clientNetwork: SpokeExamination()),
        ["PrivateLinkHostUsed"] = () => Of([Rest()], givenHost: "contoso.privatelink.azurecr.io"),
        ["RegionalEndpointBlocked"] = () => Of([Rest(), TcpFailure(WestusRegional, EndpointPurpose.Regional, TcpStatus.Timeout, "20.1.2.6")]),
        ["Ipv6PathBlocked"] = () => Of([Rest(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "2001:db8::10")], config: Premium(c => c with { EndpointProtocol = EndpointProtocol.IPv4AndIPv6 })),
        ["KubeletIdentityCannotPull"] = () => Of([Rest()], config: Premium(), aksCluster: Cluster, kubeletAccess: new RegistryPullAccess { Assignments = [Grant("Network Contributor", "resource group")] }),
        ["TasksBlockedByNetworkRules"] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TasksBypassAllowed = false })),
        ["CredentialRejected"] = () => Of(
            [Token(TokenStatus.Unauthorized, 401)],
            failure: new ConfigurationFailure(ArmFailure.AuthenticationFailed, "ARM answered 401 InvalidAuthenticationToken for contoso: The access token is invalid.", true) { ErrorCode = "InvalidAuthenticationToken" }),
        ["DnsResolversDisagree"] = () => Of(
            [Rest("10.1.0.4")],
            [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches), Resolved(Login, "20.1.2.3", resolver: "10.2.0.4")],
            WithPrivateEndpoint()),
        ["IpRuleMalformed"] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], MalformedIpRules = ["999.1.1.1", "10.0.0.0/99"] })),
    };

    public static TheoryData<string> Codes() => new(FindingCatalog.Definitions.Keys);

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCodeOfTheCatalogueIsRaisedBySomeRule(string code)
    {
        Assert.True(Cases.ContainsKey(code), $"no case raises {code}");
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases[code]()), f => f.Code == code);

        Assert.Equal(FindingCatalog.Definitions[code].Severity, finding.Severity);
        Assert.NotEmpty(finding.Evidence);
        Assert.All(finding.Evidence, line => Assert.False(string.IsNullOrWhiteSpace(line)));
        Assert.False(string.IsNullOrWhiteSpace(finding.Summary));
        Assert.False(string.IsNullOrWhiteSpace(finding.Remediation));
        Assert.False(string.IsNullOrWhiteSpace(finding.Target));
        Assert.StartsWith("https://learn.microsoft.com/azure/", finding.DocumentationUrl);
    }

    [Fact]
    public void AHealthyRegistryGivesNoFindingAndAHealthyVerdict()
    {
        DiagnosisObservations o = Of([Rest(), Passed(Westus, EndpointPurpose.Data, "westus")], config: Premium());

        Assert.Empty(DiagnosisRules.Evaluate(o));
        Assert.Equal(DiagnosisVerdict.Healthy, DiagnosisRules.Verdict(o, []));
    }

    [Fact]
    public void NothingProbedIsInconclusive()
    {
        DiagnosisObservations o = Of([], []);

        Assert.Equal(DiagnosisVerdict.Inconclusive, DiagnosisRules.Verdict(o, DiagnosisRules.Evaluate(o)));
    }

    [Fact]
    public void ADeniedClientIsToldApartByTheConfiguration()
    {
        EndpointTest[] denied = [Denied(), Denied(Westus, EndpointPurpose.Data)];

        Assert.Equal("RegistryFirewallDeniedClient", Primary(Of(denied)));
        Assert.Equal("ClientIpNotAllowed", Primary(Of(denied, config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.128/25"] }))));
        Assert.Equal("PublicNetworkAccessDisabled", Primary(Of(denied, config: Premium(c => c with { PublicNetworkAccess = PublicNetworkAccess.Disabled, DefaultAction = NetworkRuleAction.Deny }))));
        Assert.Equal("PrivateEndpointDnsNotUsed", Primary(Of(denied, config: WithPrivateEndpoint())));
        Assert.DoesNotContain("RegistryFirewallDeniedClient", Observations.Codes(Of(denied, config: WithPrivateEndpoint())));
    }

    [Fact]
    public void AnIpInsideTheRulesIsNotBlamedOnThem()
    {
        // The rules allow the address ACR saw: something else refuses it, and the finding says the rules do not explain it.
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"] })));

        Finding finding = Assert.Single(findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal("RegistryFirewallDeniedClient", finding.Code);
        Assert.Contains(finding.Evidence, line => line.Contains("do not explain", StringComparison.Ordinal));
    }

    [Fact]
    public void ClientIpNotAllowedNamesTheAddressTheRulesAndTheCommand()
    {
        Finding finding = DiagnosisRules.Evaluate(Cases["ClientIpNotAllowed"]()).First();

        Assert.Contains(ClientIp, finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("198.51.100.0/24", StringComparison.Ordinal));
        Assert.Contains($"az acr network-rule add -n contoso --ip-address {ClientIp}", finding.Remediation);
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
        Assert.Equal(PullStage.Http, finding.Stage);
    }

    [Fact]
    public void AnUnapprovedPrivateEndpointExplainsTheUnreachableAddress()
    {
        DiagnosisObservations o = Cases["PrivateEndpointNotApproved"]();
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);

        Assert.Equal("PrivateEndpointNotApproved", findings[0].Code);
        Assert.Equal(PullStage.Tcp, findings[0].Stage);
        Assert.DoesNotContain(findings, f => f.Code == "PrivateEndpointUnreachable");
        Assert.Contains("az acr private-endpoint-connection approve -r contoso -n pe-contoso.conn", findings[0].Remediation);
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void AnUnapprovedPrivateEndpointOffThePathIsARegistrySetting()
    {
        DiagnosisObservations o = Of([Rest()], config: Premium(c => c with { PrivateEndpoints = [Endpoint(PrivateEndpointConnectionStatus.Rejected)] }));
        Finding finding = DiagnosisRules.Evaluate(o).First();

        Assert.Equal(("PrivateEndpointNotApproved", FindingScope.Registry, PullStage.Configuration), (finding.Code, finding.Scope, finding.Stage));
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(o, [finding]));
    }

    [Fact]
    public void OneBlockedRegionDegradesWhileEveryRegionBlockedBlocks()
    {
        DiagnosisObservations oneRegion = Of([Rest(), Passed(Westus, EndpointPurpose.Data, "westus"), TcpFailure(Eastus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.6", "eastus")]);
        DiagnosisObservations everyRegion = Cases["DataEndpointBlocked"]();

        Finding partial = DiagnosisRules.Evaluate(oneRegion).First();
        Assert.Equal(("DataEndpointBlocked", FindingScope.SomePulls, Eastus), (partial.Code, partial.Scope, partial.Target));
        Assert.Contains("eastus", partial.Summary);
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(oneRegion, DiagnosisRules.Evaluate(oneRegion)));
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(everyRegion, DiagnosisRules.Evaluate(everyRegion)));
    }

    [Fact]
    public void AFailingRestEndpointIsNotBlamedOnTheDataPath()
    {
        DiagnosisObservations o = Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")]);

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(o), f => f.Severity != FindingSeverity.Info);
        Assert.Equal("TcpConnectTimeout", finding.Code);
        Assert.Equal($"{Login}, {Westus}", finding.Target);
    }

    [Fact]
    public void InterceptionNamesTheIssuerAndAnAzureIssuerIsAMissingRoot()
    {
        Finding intercepted = DiagnosisRules.Evaluate(Cases["TlsInterceptionDetected"]()).First();
        Finding missingRoot = DiagnosisRules.Evaluate(Of([Tls(TlsStatus.Untrusted, "Microsoft Azure ECC TLS Issuing CA 01", issuerIsAzure: true)])).First();

        Assert.Contains("Contoso TLS Inspection CA", intercepted.Summary);
        Assert.Contains("Contoso TLS Inspection CA", intercepted.Remediation);
        Assert.Equal("TlsHandshakeFailed", missingRoot.Code);
        Assert.Contains("ca-certificates", missingRoot.Remediation);
    }

    [Fact]
    public void ProxyFindingsNameTheProxyAndWhyItIsUsed()
    {
        var client = new ClientContext
        {
            EndpointProxies = [new EndpointProxy { Fqdn = Login, Proxy = "http://proxy.contoso.test:3128", Reason = "HTTPS_PROXY=http://proxy.contoso.test:3128 applies." }],
        };
        Finding finding = DiagnosisRules.Evaluate(Of([ThroughProxy(ProxyStatus.Denied, 403)], client: client)).First();

        Assert.Equal("http://proxy.contoso.test:3128", finding.Target);
        Assert.Contains(finding.Evidence, line => line == "Why this proxy: HTTPS_PROXY=http://proxy.contoso.test:3128 applies.");
        Assert.Contains("403", finding.Remediation);
    }

    [Fact]
    public void AnIdentityThatMayNotReadTheRegistryIsNotTakenForAMissingRegistry()
    {
        var failure = new ConfigurationFailure(ArmFailure.NotFound, "No registry named 'contoso' was found in any subscription this identity can read.", SearchedByName: true);

        Assert.Equal(["ConfigurationUnavailable"], Observations.Codes(Of([Rest()], failure: failure)));
        Assert.Equal(["DnsNameNotFound", "RegistryNotFound"], Observations.Codes(Of(dns: [Failed(Login, DnsStatus.NameNotFound)], failure: failure)));
        Assert.Equal(["RegistryNotFound"], Observations.Codes(Of([Rest()], failure: failure with { SearchedByName = false })));
    }

    [Fact]
    public void APartialConfigurationSaysWhatWasNotRead()
    {
        RegistryNetworkConfig config = Premium(c => c with { UnreadResources = [new UnreadResource { ResourceId = "/x/pe", Role = "private endpoint", StatusCode = 403, Message = "ARM answered 403." }] });

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Of([Rest()], config: config)));
        Assert.Equal("ConfigurationUnavailable", finding.Code);
        Assert.Contains(finding.Evidence, line => line.Contains("/x/pe", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingRecordInTheZoneIsSeenInTheConfigurationAlone()
    {
        RegistryNetworkConfig config = WithPrivateEndpoint() with
        {
            Replications = [new RegistryReplication { Name = "eastus", Region = "eastus" }],
            PrivateDnsZones =
            [
                new PrivateDnsZone
                {
                    Name = "privatelink.azurecr.io",
                    Records =
                    [
                        new PrivateDnsRecord { ZoneName = "privatelink.azurecr.io", Name = "contoso", Fqdn = "contoso.privatelink.azurecr.io", IPAddresses = ["10.1.0.4"] },
                        new PrivateDnsRecord { ZoneName = "privatelink.azurecr.io", Name = "contoso.westus.data", Fqdn = "contoso.westus.data.privatelink.azurecr.io", IPAddresses = ["10.1.0.5"] },
                    ],
                },
            ],
        };

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Of([Rest("10.1.0.4")], [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches)], config)), f => f.Severity == FindingSeverity.Error);
        Assert.Equal(("PrivateDnsRecordMissing", Eastus, FindingScope.Registry), (finding.Code, finding.Target, finding.Scope));
    }

    [Fact]
    public void TheBasicSkuRuleSaysTheRulesAreNotEnforced()
    {
        DiagnosisObservations o = Cases["NetworkRulesRequirePremium"]();
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);

        Assert.Equal(["NetworkRulesRequirePremium"], findings.Select(f => f.Code));
        Assert.Contains(findings[0].Evidence, line => line.Contains("not enforced", StringComparison.Ordinal));
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void ThrottlingDegradesAndInformationLeavesItHealthy()
    {
        DiagnosisObservations throttled = Cases["RegistryThrottled"]();
        DiagnosisObservations informed = Cases["ServiceIntegrationUnsupported"]();

        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(throttled, DiagnosisRules.Evaluate(throttled)));
        Assert.Equal(DiagnosisVerdict.Healthy, DiagnosisRules.Verdict(informed, DiagnosisRules.Evaluate(informed)));
    }

    [Fact]
    public void ThePrimaryCauseIsTheEarliestFailingStageAndNotesComeLast()
    {
        // A proxy refusing the REST endpoint (Proxy stage) comes before a registry setting (Configuration) and a note.
        DiagnosisObservations o = Of(
            [ThroughProxy(ProxyStatus.Denied, 403)],
            config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TrustedServicesBypass = TrustedServicesBypass.None }));

        Assert.Equal(["ProxyDenied", "TrustedServicesBlocked", "ServiceIntegrationUnsupported"], Observations.Codes(o));
    }

    [Fact]
    public void OnlyTheClientsOwnResolverDecidesThePath()
    {
        // An address only another DNS server gave (-DnsServer) is evidence, not the client's path.
        EndpointTest other = TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4");
        other.Resolver = "10.1.0.53";

        Assert.DoesNotContain("PrivateEndpointUnreachable", Observations.Codes(Of([Rest(), other])));
    }

    private static string? Primary(DiagnosisObservations o) => DiagnosisRules.Evaluate(o).FirstOrDefault(f => f.Severity != FindingSeverity.Info)?.Code;

    private static EndpointTest Tls(TlsStatus status, string issuer, bool issuerIsAzure)
    {
        EndpointTest test = FailedAt(Login, EndpointPurpose.Rest, ProbeStage.Tls);
        test.TcpStatus = TcpStatus.Connected;
        test.TlsStatus = status;
        test.TlsIssuer = issuer;
        test.TlsIssuerIsAzure = issuerIsAzure;
        test.TlsChain = [$"CN=*.azurecr.io", $"CN={issuer}"];
        return test;
    }

    private static EndpointTest HttpFailure(int status)
    {
        EndpointTest test = FailedAt(Login, EndpointPurpose.Rest, ProbeStage.Http);
        test.TcpStatus = TcpStatus.Connected;
        test.TlsStatus = TlsStatus.Trusted;
        test.HttpStatus = status;
        test.RetryAfterSec = status == 429 ? 30 : null;
        return test;
    }

    internal static EndpointTest Token(TokenStatus status, int httpStatus)
    {
        EndpointTest test = Rest();
        test.TokenStatus = status;
        test.TokenHttpStatus = httpStatus;
        test.FailedStage = ProbeStage.Token;
        test.Status = EndpointStatus.Failed;
        return test;
    }

    [Fact]
    public void AProxyThatRefusesArmTheSameWayIsEvidenceOfTheProxyFinding()
    {
        var arm = new ConfigurationFailure(ArmFailure.Unreachable, "Cannot reach Azure Resource Manager through the proxy http://proxy.contoso.test:3128: the proxy requires authentication (407).", true)
        {
            Proxy = "http://proxy.contoso.test:3128",
            ProxyStatus = ProxyStatus.AuthenticationRequired,
        };

        Finding finding = Assert.Single(
            DiagnosisRules.Evaluate(Of([ThroughProxy(ProxyStatus.AuthenticationRequired, 407)], failure: arm)),
            f => f.Code == "ProxyAuthenticationRequired");

        Assert.Contains($"ARM: {arm.Message}", finding.Evidence);
    }

    [Fact]
    public void MalformedIpRulesFromArmAreAConfigurationWarningNamingThem()
    {
        DiagnosisObservations o = Cases["IpRuleMalformed"]();
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(o), f => f.Code == "IpRuleMalformed");

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal(FindingCause.Configuration, finding.Cause);
        Assert.Contains("'999.1.1.1', '10.0.0.0/99'", finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("[203.0.113.0/24]", StringComparison.Ordinal));
    }

    private static EndpointTest Pull(int manifestStatus)
    {
        EndpointTest test = Rest();
        test.TokenStatus = TokenStatus.Issued;
        test.Repository = "samples/hello:v1";
        test.ManifestStatus = manifestStatus;
        test.FailedStage = ProbeStage.Pull;
        test.Status = EndpointStatus.Failed;
        return test;
    }
    [Fact]
    public void APrivateLinkHostIsNamedWithTheLoginServerToUseAndARegionalHostIsNot()
    {
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases["PrivateLinkHostUsed"]()), f => f.Code == "PrivateLinkHostUsed");

        Assert.Equal("contoso.privatelink.azurecr.io", finding.Target);
        Assert.Contains("Use contoso.azurecr.io", finding.Remediation);
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
        Assert.DoesNotContain("PrivateLinkHostUsed", Observations.Codes(Of([Rest()], givenHost: WestusRegional)));
    }

    [Fact]
    public void AnIpv6PathBlockedAloneReplacesTheTcpFindingAndLeavesThePullsWorking()
    {
        DiagnosisObservations o = Cases["Ipv6PathBlocked"]();
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);

        Assert.Equal("Ipv6PathBlocked", findings[0].Code);
        Assert.DoesNotContain(findings, f => f.Code == "TcpConnectTimeout");
        Assert.Contains(findings[0].Evidence, line => line.StartsWith("IPv4: contoso.azurecr.io", StringComparison.Ordinal));
        Assert.Contains(findings[0].Evidence, line => line.StartsWith("IPv6: contoso.azurecr.io", StringComparison.Ordinal));
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void WhenIpv4FailsTooTheTcpFindingStays()
    {
        IReadOnlyList<string> codes = Observations.Codes(Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "2001:db8::10")]));

        Assert.Contains("TcpConnectTimeout", codes);
        Assert.DoesNotContain("Ipv6PathBlocked", codes);
    }

    [Fact]
    public void ARegionalEndpointBlockedStopsOnlyThePullsThroughIt()
    {
        DiagnosisObservations o = Cases["RegionalEndpointBlocked"]();
        Finding finding = DiagnosisRules.Evaluate(o)[0];

        Assert.Equal(("RegionalEndpointBlocked", FindingScope.SomePulls), (finding.Code, finding.Scope));
        Assert.Contains("AzureContainerRegistry.westus", finding.Remediation);
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(o, [finding]));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(null, false)]
    [InlineData(false, true)]
    public void TasksAreBlockedOnlyWhenTheRegistrySaysSo(bool? tasksBypassAllowed, bool blocked)
    {
        DiagnosisObservations o = Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TasksBypassAllowed = tasksBypassAllowed }));

        Assert.Equal(blocked, Observations.Codes(o).Contains("TasksBlockedByNetworkRules"));
    }

    [Fact]
    public void TasksBlockedNamesTheAgentPoolWayAndTheSetting()
    {
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases["TasksBlockedByNetworkRules"]()), f => f.Code == "TasksBlockedByNetworkRules");

        Assert.Contains("networkRuleBypassAllowedForTasks=true", finding.Remediation);
        Assert.Contains("az acr agentpool create", finding.Remediation);
        Assert.Contains(finding.Evidence, line => line.Contains("agent pool", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceIntegrationSaysWhatTheSettingsDoToEachService()
    {
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases["TasksBlockedByNetworkRules"]()), f => f.Code == "ServiceIntegrationUnsupported");

        foreach (string service in new[] { "ACR Tasks: refused", "Microsoft Defender for Cloud: scans", "App Service:", "Azure Container Instances:", "AKS:", "Trusted services (Machine Learning, Defender and others): pass" })
        {
            Assert.Contains(finding.Evidence, line => line.StartsWith(service, StringComparison.Ordinal));
        }
    }
    [Fact]
    public void AKubeletIdentityWithoutAPullRoleIsNamedWithTheCommandsThatGrantIt()
    {
        DiagnosisObservations o = Cases["KubeletIdentityCannotPull"]();
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        Finding finding = findings[0];

        Assert.Equal(("KubeletIdentityCannotPull", "aks1-agentpool"), (finding.Code, finding.Target));
        Assert.Contains("az aks update -n aks1 -g rg1 --attach-acr", finding.Remediation);
        Assert.Contains("--role \"AcrPull\"", finding.Remediation);
        Assert.Contains(finding.Evidence, line => line.Contains("Network Contributor at resource group", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, line => line.Contains("system (/subscriptions/", StringComparison.Ordinal) && line.Contains("; user (", StringComparison.Ordinal));
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void InAnAbacRegistryOnlyTheRepositoryRoleIsOffered()
    {
        Finding finding = DiagnosisRules.Evaluate(Of([Rest()], config: Premium(), aksCluster: Cluster, kubeletAccess: new RegistryPullAccess { AbacMode = true, Assignments = [Grant("AcrPull", "registry")] }))[0];

        Assert.DoesNotContain("--attach-acr", finding.Remediation);
        Assert.Contains("--role \"Container Registry Repository Reader\"", finding.Remediation);
        Assert.Contains(finding.Evidence, line => line.Contains("ABAC mode", StringComparison.Ordinal));
    }

    [Fact]
    public void AGrantOrAnUnreadAssignmentListIsNoFinding()
    {
        Assert.DoesNotContain("KubeletIdentityCannotPull", Observations.Codes(Of([Rest()], config: Premium(), aksCluster: Cluster, kubeletAccess: new RegistryPullAccess { Grants = [Grant("AcrPull", "resource group")], Assignments = [Grant("AcrPull", "resource group")] })));
        Assert.DoesNotContain("KubeletIdentityCannotPull", Observations.Codes(Of([Rest()], config: Premium(), aksCluster: Cluster, kubeletAccess: new RegistryPullAccess { Unread = "403" })));
    }
}
