using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>Every rule on observations built by hand (no network): the facts that raise each finding code, and what it says.</summary>
public class DiagnosisRulesTests
{
    /// <summary>For every finding code of the catalogue, observations that must raise it.</summary>
    private static readonly Dictionary<FindingCode, Func<DiagnosisObservations>> Cases = new()
    {
        [FindingCode.DnsNameNotFound] = () => Of(dns: [Failed(Login, DnsStatus.NameNotFound)]),
        [FindingCode.DnsServerUnreachable] = () => Of(dns: [Failed(Login, DnsStatus.Timeout)]),
        [FindingCode.DataEndpointNotResolvable] = () => Of(
            [Rest()],
            [Resolved(Login, "20.1.2.3"), Failed(Westus, DnsStatus.NameNotFound, EndpointPurpose.Data, "westus")]),
        [FindingCode.PrivateEndpointDnsNotUsed] = () => Of([Denied(), Denied(Westus, EndpointPurpose.Data)], config: WithPrivateEndpoint()),
        [FindingCode.PrivateDnsRecordMissing] = () => Of(
            [Rest("10.1.0.4")],
            [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches), Failed(Westus, DnsStatus.NameNotFound, EndpointPurpose.Data, "westus", PrivateEndpointMatch.Missing, "contoso.westus.data.privatelink.azurecr.io")],
            WithPrivateEndpoint()),
        [FindingCode.PrivateDnsRecordMismatch] = () => Of(
            [Rest("10.1.0.9")],
            [Resolved(Login, "10.1.0.9", match: PrivateEndpointMatch.OtherPrivateAddress)],
            WithPrivateEndpoint()),
        [FindingCode.PrivateEndpointNotApproved] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], config: WithPrivateEndpoint(PrivateEndpointConnectionStatus.Pending)),
        [FindingCode.PrivateEndpointUnreachable] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")]),
        [FindingCode.ResourceProviderNotRegistered] = () => Of([Rest()], config: Premium(c => c with
        {
            VirtualNetworkRules = [new VirtualNetworkRule { SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/s" }],
            ProviderRegistrations = [new ResourceProviderRegistration { SubscriptionId = "00000000-0000-0000-0000-000000000002", Namespace = "Microsoft.ContainerRegistry", RegistrationState = "NotRegistered" }],
        })),
        [FindingCode.TcpConnectTimeout] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout)]),
        [FindingCode.TcpConnectRefused] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Refused)]),
        [FindingCode.DataEndpointBlocked] = () => Of([Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")]),
        [FindingCode.StorageEndpointBlocked] = () => Of([Rest(), TcpFailure(Storage, EndpointPurpose.Storage, TcpStatus.Timeout, "20.60.1.2")]),
        [FindingCode.TlsInterceptionDetected] = () => Of([Tls(TlsStatus.Untrusted, "Contoso TLS Inspection CA", issuerIsAzure: false)]),
        [FindingCode.TlsHandshakeFailed] = () => Of([Tls(TlsStatus.NameMismatch, "Microsoft Azure RSA TLS Issuing CA 03", issuerIsAzure: true)]),
        [FindingCode.ProxyConnectFailed] = () => Of([ThroughProxy(ProxyStatus.Unreachable)]),
        [FindingCode.ProxyDenied] = () => Of([ThroughProxy(ProxyStatus.Denied, 403)]),
        [FindingCode.ProxyAuthenticationRequired] = () => Of([ThroughProxy(ProxyStatus.AuthenticationRequired, 407)]),
        [FindingCode.ProxySchemeMismatch] = () => Of([ThroughProxy(ProxyStatus.SchemeMismatch)]),
        [FindingCode.RegistryFirewallDeniedClient] = () => Of([Denied()]),
        [FindingCode.PublicNetworkAccessDisabled] = () => Of([Denied()], config: Premium(c => c with { PublicNetworkAccess = PublicNetworkAccess.Disabled, DefaultAction = NetworkRuleAction.Deny })),
        [FindingCode.ClientIpNotAllowed] = () => Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })),
        [FindingCode.NetworkRulesRequirePremium] = () => Of([Rest()], config: Premium(c => c with { Sku = RegistrySku.Basic, DataEndpointEnabled = false, DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] })),
        [FindingCode.TrustedServicesBlocked] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TrustedServicesBypass = TrustedServicesBypass.None })),
        [FindingCode.ServiceIntegrationUnsupported] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"] })),
        [FindingCode.RegistryChallengeMissing] = () => Of([HttpFailure(401)]),
        [FindingCode.TokenExchangeDenied] = () => Of([Token(TokenStatus.Unauthorized, 401)]),
        [FindingCode.RegistryThrottled] = () => Of([HttpFailure(429)]),
        [FindingCode.RegistryNotFound] = () => Of(dns: [Failed(Login, DnsStatus.NameNotFound)], failure: new ConfigurationFailure(ArmFailure.NotFound, "No registry named 'contoso' was found.", true)),
        [FindingCode.ConfigurationUnavailable] = () => Of([Rest()]),
        [FindingCode.ClientEgressNotControllable] = () => Of([Rest()], client: new ClientContext { HostKind = ClientHostKind.CloudShell }),
        [FindingCode.DedicatedDataEndpointsDisabled] = () => Of([Rest()], config: Premium(c => c with { DataEndpointEnabled = false })),
        [FindingCode.ManifestNotFound] = () => Of([Pull(404)]),
        [FindingCode.PrivateDnsZoneNotLinked] = () => Of([Denied()], config: WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] }, clientNetwork: SpokeExamination()),
        [FindingCode.CustomDnsServerCannotSeeZone] = () => Of(
            [Denied()],
            config: WithPrivateEndpoint() with { PrivateDnsZones = [HubZone()] },
            clientNetwork: SpokeExamination(n => new VirtualNetwork { Name = n.Name, ResourceId = n.ResourceId, AddressPrefixes = n.AddressPrefixes, Peerings = n.Peerings, DnsServers = ["10.2.0.4"] })),
        [FindingCode.NsgDeniesRegistryTraffic] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: SpokeExamination()),
        [FindingCode.RouteDivertsRegistryTraffic] = () => Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")], [Resolved(Login, "10.1.0.4")], WithPrivateEndpoint(), clientNetwork: SpokeExamination(withNsg: false, withRoutes: true)),
        [FindingCode.AzureFirewallDeniesRegistry] = () => Of(
            [Rest(), TcpFailure(Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")],
            config: Premium(),
            clientNetwork: ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Login))),
        [FindingCode.VirtualNetworkNotConnected] = () => Of(
            [TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.5.0.4")],
            [Resolved(Login, "10.5.0.4")],
            Premium(c => c with { PrivateEndpoints = [Endpoint() with { SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/registry-vnet/subnets/endpoints" }] }),
            clientNetwork: SpokeExamination(withNsg: false)),
        [FindingCode.ServiceEndpointMissing] = () => Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, VirtualNetworkRules = [new VirtualNetworkRule { SubnetId = NodesSubnetId }] }), clientNetwork: SpokeExamination()),
        [FindingCode.PrivateLinkHostUsed] = () => Of([Rest()], givenHost: "contoso.privatelink.azurecr.io"),
        [FindingCode.RegionalEndpointBlocked] = () => Of([Rest(), TcpFailure(WestusRegional, EndpointPurpose.Regional, TcpStatus.Timeout, "20.1.2.6")]),
        [FindingCode.Ipv6PathBlocked] = () => Of([Rest(), TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "2001:db8::10")], config: Premium(c => c with { EndpointProtocol = EndpointProtocol.IPv4AndIPv6 })),
        [FindingCode.KubeletIdentityCannotPull] = () => Of([Rest()], config: Premium(), aksCluster: Cluster, kubeletAccess: new RegistryPullAccess { Assignments = [Grant("Network Contributor", "resource group")] }),
        [FindingCode.TasksBlockedByNetworkRules] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TasksBypassAllowed = false })),
        [FindingCode.CredentialRejected] = () => Of(
            [Token(TokenStatus.Unauthorized, 401)],
            failure: new ConfigurationFailure(ArmFailure.AuthenticationFailed, "ARM answered 401 InvalidAuthenticationToken for contoso: The access token is invalid.", true) { ErrorCode = "InvalidAuthenticationToken" }),
        [FindingCode.DnsResolversDisagree] = () => Of(
            [Rest("10.1.0.4")],
            [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches), Resolved(Login, "20.1.2.3", resolver: "10.2.0.4")],
            WithPrivateEndpoint()),
        [FindingCode.IpRuleMalformed] = () => Of([Rest()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], MalformedIpRules = ["999.1.1.1", "10.0.0.0/99"] })),
    };

    // Theory arguments are the codes' names: a public test method cannot take the engine's internal FindingCode.
    public static TheoryData<string> Codes() => new(FindingCatalog.Definitions.Keys.Select(code => code.ToString()));

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCodeOfTheCatalogueIsRaisedBySomeRule(string name)
    {
        FindingCode code = Enum.Parse<FindingCode>(name);
        Assert.True(Cases.ContainsKey(code), $"no case raises {code}");
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases[code]()), f => f.Code == code.ToString());

        Assert.Equal(FindingCatalog.Definitions[code].Severity, finding.Severity);
        Assert.NotEmpty(finding.Evidence);
        Assert.All(finding.Evidence, line => Assert.False(string.IsNullOrWhiteSpace(line)));
        Assert.False(string.IsNullOrWhiteSpace(finding.Summary));
        Assert.False(string.IsNullOrWhiteSpace(finding.Remediation));
        Assert.False(string.IsNullOrWhiteSpace(finding.Target));
        Assert.StartsWith("https://learn.microsoft.com/azure/", finding.DocumentationUrl);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheOrderOfTheRulesDecidesNothing(int seed)
    {
        // Precedence is declared by FindingCode: the same observations give the same diagnosis whatever the rules' order.
        var random = new Random(seed);
        IDiagnosisRule[] shuffled = [.. DiagnosisRules.All.OrderBy(_ => random.Next())];
        IDiagnosisRule[] reversed = [.. DiagnosisRules.All.Reverse()];

        Assert.All(Cases, entry =>
        {
            DiagnosisObservations o = entry.Value();
            var expected = DiagnosisRules.Evaluate(o).Select(Describe).ToList();
            Assert.Equal(expected, DiagnosisRules.Evaluate(o, shuffled).Select(Describe));
            Assert.Equal(expected, DiagnosisRules.Evaluate(o, reversed).Select(Describe));
        });

        static string Describe(Finding f) => $"{f.Code} {f.Stage} {f.Scope} {f.Target}: {f.Summary} {string.Join(" | ", f.Evidence)}";
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
        Finding finding = DiagnosisRules.Evaluate(Cases[FindingCode.ClientIpNotAllowed]()).First();

        Assert.Contains(ClientIp, finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("198.51.100.0/24", StringComparison.Ordinal));
        Assert.Contains($"az acr network-rule add -n contoso --ip-address {ClientIp}", finding.Remediation);
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
        Assert.Equal(PullStage.Http, finding.Stage);
    }

    [Fact]
    public void AnUnapprovedPrivateEndpointExplainsTheUnreachableAddress()
    {
        DiagnosisObservations o = Cases[FindingCode.PrivateEndpointNotApproved]();
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
        DiagnosisObservations everyRegion = Cases[FindingCode.DataEndpointBlocked]();

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
        Finding intercepted = DiagnosisRules.Evaluate(Cases[FindingCode.TlsInterceptionDetected]()).First();
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
        DiagnosisObservations o = Cases[FindingCode.NetworkRulesRequirePremium]();
        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);

        Assert.Equal(["NetworkRulesRequirePremium"], findings.Select(f => f.Code));
        Assert.Contains(findings[0].Evidence, line => line.Contains("not enforced", StringComparison.Ordinal));
        Assert.Equal(DiagnosisVerdict.Degraded, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void ThrottlingDegradesAndInformationLeavesItHealthy()
    {
        DiagnosisObservations throttled = Cases[FindingCode.RegistryThrottled]();
        DiagnosisObservations informed = Cases[FindingCode.ServiceIntegrationUnsupported]();

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
        EndpointTest other = TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4", resolver: "10.1.0.53");

        Assert.DoesNotContain("PrivateEndpointUnreachable", Observations.Codes(Of([Rest(), other])));
    }

    private static string? Primary(DiagnosisObservations o) => DiagnosisRules.Evaluate(o).FirstOrDefault(f => f.Severity != FindingSeverity.Info)?.Code;

    private static EndpointTest Tls(TlsStatus status, string issuer, bool issuerIsAzure)
    {
        var certificate = new TlsCertificateFacts("*.azurecr.io", issuer, issuerIsAzure, [], [$"CN=*.azurecr.io", $"CN={issuer}"], default, default, default, null);
        return FailedAt(Login, EndpointPurpose.Rest, PullStage.Tls, tcp: new TcpResult(TcpStatus.Connected, 0), tls: new TlsResult(status, null, certificate, 0));
    }

    private static EndpointTest HttpFailure(int status) => FailedAt(
        Login,
        EndpointPurpose.Rest,
        PullStage.Http,
        tcp: new TcpResult(TcpStatus.Connected, 0),
        tls: new TlsResult(TlsStatus.Trusted, null, null, 0),
        http: new HttpResult("GET /v2/", status, RetryAfterSec: status == 429 ? 30 : null));

    /// <summary>A REST endpoint that answers 401 with a challenge, then stops at the token exchange.</summary>
    internal static EndpointTest Token(TokenStatus status, int httpStatus) => FailedAt(
        Login,
        EndpointPurpose.Rest,
        PullStage.Token,
        tcp: new TcpResult(TcpStatus.Connected, 0),
        tls: new TlsResult(TlsStatus.Trusted, null, null, 0),
        http: new HttpResult("GET /v2/", 401),
        token: new TokenResult(status, httpStatus, null, 0));

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
        DiagnosisObservations o = Cases[FindingCode.IpRuleMalformed]();
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(o), f => f.Code == "IpRuleMalformed");

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal(FindingCause.Configuration, finding.Cause);
        Assert.Contains("'999.1.1.1', '10.0.0.0/99'", finding.Summary);
        Assert.Contains(finding.Evidence, line => line.Contains("[203.0.113.0/24]", StringComparison.Ordinal));
    }

    /// <summary>A REST endpoint that answers 401 with a challenge and issues a token, then stops at the manifest.</summary>
    private static EndpointTest Pull(int manifestStatus) => FailedAt(
        Login,
        EndpointPurpose.Rest,
        PullStage.Pull,
        tcp: new TcpResult(TcpStatus.Connected, 0),
        tls: new TlsResult(TlsStatus.Trusted, null, null, 0),
        http: new HttpResult("GET /v2/", 401),
        token: new TokenResult(TokenStatus.Issued, null, null, 0),
        pull: new PullResult("samples/hello:v1", manifestStatus));
    [Fact]
    public void APrivateLinkHostIsNamedWithTheLoginServerToUseAndARegionalHostIsNot()
    {
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases[FindingCode.PrivateLinkHostUsed]()), f => f.Code == "PrivateLinkHostUsed");

        Assert.Equal("contoso.privatelink.azurecr.io", finding.Target);
        Assert.Contains("Use contoso.azurecr.io", finding.Remediation);
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
        Assert.DoesNotContain("PrivateLinkHostUsed", Observations.Codes(Of([Rest()], givenHost: WestusRegional)));
    }

    [Fact]
    public void AnIpv6PathBlockedAloneReplacesTheTcpFindingAndLeavesThePullsWorking()
    {
        DiagnosisObservations o = Cases[FindingCode.Ipv6PathBlocked]();
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
        DiagnosisObservations o = Cases[FindingCode.RegionalEndpointBlocked]();
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
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases[FindingCode.TasksBlockedByNetworkRules]()), f => f.Code == "TasksBlockedByNetworkRules");

        Assert.Contains("networkRuleBypassAllowedForTasks=true", finding.Remediation);
        Assert.Contains("az acr agentpool create", finding.Remediation);
        Assert.Contains(finding.Evidence, line => line.Contains("agent pool", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceIntegrationSaysWhatTheSettingsDoToEachService()
    {
        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Cases[FindingCode.TasksBlockedByNetworkRules]()), f => f.Code == "ServiceIntegrationUnsupported");

        foreach (string service in new[] { "ACR Tasks: refused", "Microsoft Defender for Cloud: scans", "App Service:", "Azure Container Instances:", "AKS:", "Trusted services (Machine Learning, Defender and others): pass" })
        {
            Assert.Contains(finding.Evidence, line => line.StartsWith(service, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(false, TrustedServicesBypass.AzureServices, null, "ACR Tasks: pass as a trusted service", "Microsoft Defender for Cloud: scans", "Trusted services (Machine Learning, Defender and others): pass")]
    [InlineData(true, TrustedServicesBypass.AzureServices, true, "ACR Tasks: pass the network rules", "Microsoft Defender for Cloud: scans", "Trusted services (Machine Learning, Defender and others): pass")]
    [InlineData(true, TrustedServicesBypass.None, null, "ACR Tasks: refused: trusted services", "Microsoft Defender for Cloud: cannot scan", "Trusted services (Machine Learning, Defender and others): refused")]
    public void EachServiceIsToldWhatTheRegistrysSettingsDoToIt(bool privateOnly, TrustedServicesBypass bypass, bool? tasksBypassAllowed, string tasks, string defender, string trusted)
    {
        // A registry behind a private endpoint with public access disabled, or behind IP rules.
        RegistryNetworkConfig config = Premium(c => privateOnly
            ? c with { PublicNetworkAccess = PublicNetworkAccess.Disabled, DefaultAction = NetworkRuleAction.Deny, PrivateEndpoints = [Endpoint()], TrustedServicesBypass = bypass, TasksBypassAllowed = tasksBypassAllowed }
            : c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["203.0.113.0/24"], TrustedServicesBypass = bypass, TasksBypassAllowed = tasksBypassAllowed });

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(Of([Rest()], config: config)), f => f.Code == "ServiceIntegrationUnsupported");

        foreach (string service in new[] { tasks, defender, trusted, "App Service: not a trusted service", "Azure Container Instances: not a trusted service", "AKS: pulls from its nodes" })
        {
            Assert.Contains(finding.Evidence, line => line.StartsWith(service, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AKubeletIdentityWithoutAPullRoleIsNamedWithTheCommandsThatGrantIt()
    {
        DiagnosisObservations o = Cases[FindingCode.KubeletIdentityCannotPull]();
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
