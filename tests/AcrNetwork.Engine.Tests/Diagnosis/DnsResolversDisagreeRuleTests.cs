using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>DnsResolversDisagree: which answer is right for the registry, which resolver to fix, and when a more specific finding says it.</summary>
public class DnsResolversDisagreeRuleTests
{
    private const string CustomDns = "10.2.0.4";

    private static Finding Disagreement(DiagnosisObservations o) => Assert.Single(DiagnosisRules.Evaluate(o), f => f.Code == "DnsResolversDisagree");

    [Fact]
    public void WithAPrivateEndpointThePrivateEndpointsAddressIsRightAndTheServerGivingThePublicOneIsToFix()
    {
        Finding finding = Disagreement(Of(
            [Rest("10.1.0.4")],
            [Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches), Resolved(Login, "20.1.2.3", resolver: CustomDns)],
            WithPrivateEndpoint()));

        Assert.Contains(finding.Evidence, line => line == $"{Login}: the right answer is 10.1.0.4 (the private endpoint's address for {Login}, from its network interface).");
        Assert.Contains($"Fix the DNS server {CustomDns} for {Login}", finding.Remediation);
        Assert.Contains("168.63.129.16", finding.Remediation);
        Assert.DoesNotContain("system resolver", finding.Remediation);
        Assert.Equal(FindingScope.Registry, finding.Scope);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void WithoutTheNicTheZonesRecordGivesTheRightAnswer()
    {
        RegistryNetworkConfig config = WithPrivateEndpoint() with { PrivateEndpoints = [Endpoint() with { Addresses = [] }] };
        var zoneAnswer = new DnsResolution
        {
            Fqdn = Westus, Role = EndpointPurpose.Data, Resolver = NameResolver.SystemName, Addresses = ["10.1.0.9"], IsPrivate = true,
            PrivateDnsZoneRecord = ["10.1.0.5"], Status = DnsStatus.Resolved, Message = "Resolves to 10.1.0.9.",
        };

        Finding finding = Disagreement(Of([Rest("10.1.0.4")], [zoneAnswer, Resolved(Westus, "10.1.0.5", EndpointPurpose.Data, resolver: CustomDns)], config));

        Assert.Contains(finding.Evidence, line => line.Contains("the right answer is 10.1.0.5 (the private endpoint's address, from the private DNS zone's record)"));
        Assert.Contains($"Fix the system resolver for {Westus}", finding.Remediation);
        Assert.Contains("point contoso.westus.data.azurecr.io at 10.1.0.5", finding.Remediation);
        Assert.Equal(FindingScope.SomePulls, finding.Scope);
    }

    [Fact]
    public void WithoutAPrivateEndpointThePublicAnswerIsRightAndAStalePrivateZoneIsToRemove()
    {
        Finding finding = Disagreement(Of([Rest()], [Resolved(Login, "20.1.2.3"), Resolved(Login, "10.9.0.4", resolver: CustomDns)], Premium()));

        Assert.Contains(finding.Evidence, line => line.Contains("the right answer is 20.1.2.3 (the registry has no private endpoint"));
        Assert.Contains($"Fix the DNS server {CustomDns} for {Login}: the registry has no private endpoint, so remove", finding.Remediation);
        Assert.Contains("10.9.0.4", finding.Remediation);
    }

    [Fact]
    public void TheSystemResolverGivingTheWrongAnswerForTheLoginServerIsOnEveryPull()
    {
        Finding finding = Disagreement(Of([Rest()], [Resolved(Login, "10.9.0.4"), Resolved(Login, "20.1.2.3", resolver: CustomDns)], Premium()));

        Assert.Contains($"Fix the system resolver for {Login}", finding.Remediation);
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
    }

    [Fact]
    public void WithoutTheConfigurationItSaysTheRightAnswerCannotBeTold()
    {
        Finding finding = Disagreement(Of([Rest()], [Resolved(Login, "20.1.2.3"), Resolved(Login, "10.1.0.4", resolver: CustomDns)]));

        Assert.Contains(finding.Evidence, line => line.Contains("cannot be told"));
        Assert.StartsWith("Read the registry's configuration", finding.Remediation);
        Assert.Equal(FindingScope.Registry, finding.Scope);
    }

    [Fact]
    public void ResolversThatAgreeOrFailRaiseNothing()
    {
        var agree = Codes(Of([Rest()], [Resolved(Login, "20.1.2.3"), Resolved(Login, "20.1.2.3", resolver: CustomDns)], Premium()));
        var failed = Codes(Of([Rest()], [Resolved(Login, "20.1.2.3"), new DnsResolution { Fqdn = Login, Resolver = CustomDns, Status = DnsStatus.Timeout, Message = "Timeout." }], Premium()));

        Assert.DoesNotContain("DnsResolversDisagree", agree);
        Assert.DoesNotContain("DnsResolversDisagree", failed);
    }

    [Fact]
    public void AnswersSharingAnAddressOrAllPublicAreNoDisagreement()
    {
        DnsResolution dualStack = Resolved(Login, "10.1.0.4", match: PrivateEndpointMatch.Matches);
        var withAaaa = new DnsResolution
        {
            Fqdn = Login, Resolver = CustomDns, Addresses = ["10.1.0.4", "fd00::4"], IsPrivate = true, Status = DnsStatus.Resolved, Message = "Resolves to 10.1.0.4, fd00::4.",
        };
        var sharing = Codes(Of([Rest("10.1.0.4")], [dualStack, withAaaa], WithPrivateEndpoint()));
        var replicated = Codes(Of([Rest()], [Resolved(Login, "20.1.2.3"), Resolved(Login, "52.1.2.3", resolver: CustomDns)], Premium()));

        Assert.DoesNotContain("DnsResolversDisagree", sharing);
        Assert.DoesNotContain("DnsResolversDisagree", replicated);
    }

    [Fact]
    public void APrivateEndpointWhoseAddressIsNotKnownLeavesTheRightAnswerUndecided()
    {
        RegistryNetworkConfig config = WithPrivateEndpoint() with { PrivateEndpoints = [Endpoint() with { Addresses = [] }] };

        Finding finding = Disagreement(Of([Rest("10.1.0.4")], [Resolved(Login, "10.1.0.4"), Resolved(Login, "20.1.2.3", resolver: CustomDns)], config));

        Assert.Contains(finding.Evidence, line => line.Contains("its address for this name is not known"));
        Assert.StartsWith("Find the private endpoint's address", finding.Remediation);
    }

    [Fact]
    public void PrivateEndpointDnsNotUsedExplainsASystemResolverThatFailsThePullOnThePublicAnswer()
    {
        var codes = Codes(Of(
            [Denied()],
            [Resolved(Login, "20.1.2.3", match: PrivateEndpointMatch.ResolvesPublic), Resolved(Login, "10.1.0.4", resolver: CustomDns)],
            WithPrivateEndpoint()));

        Assert.Contains("PrivateEndpointDnsNotUsed", codes);
        Assert.DoesNotContain("DnsResolversDisagree", codes);
    }

    [Fact]
    public void APublicSystemAnswerThatStillWorksIsTheDisagreementToFix()
    {
        Finding finding = Disagreement(Of(
            [Rest()],
            [Resolved(Login, "20.1.2.3", match: PrivateEndpointMatch.ResolvesPublic), Resolved(Login, "10.1.0.4", resolver: CustomDns)],
            Premium(c => c with { PrivateEndpoints = [Endpoint()] })));

        Assert.Contains($"Fix the system resolver for {Login}", finding.Remediation);
        Assert.Contains("the right answer is 10.1.0.4", string.Join("\n", finding.Evidence));
    }

    [Fact]
    public void PrivateDnsRecordMismatchExplainsAStaleSystemAnswer()
    {
        var codes = Codes(Of(
            [Rest("10.1.0.9")],
            [Resolved(Login, "10.1.0.9", match: PrivateEndpointMatch.OtherPrivateAddress), Resolved(Login, "10.1.0.4", resolver: CustomDns)],
            WithPrivateEndpoint()));

        Assert.Contains("PrivateDnsRecordMismatch", codes);
        Assert.DoesNotContain("DnsResolversDisagree", codes);
    }

    [Fact]
    public void AStaleAnswerOfTheOtherServerIsStillReportedBesideTheSystemsMismatchOnAnotherName()
    {
        Finding finding = Disagreement(Of(
            [Rest("10.1.0.9")],
            [
                Resolved(Login, "10.1.0.9", match: PrivateEndpointMatch.OtherPrivateAddress), Resolved(Login, "10.1.0.4", resolver: CustomDns),
                Resolved(Westus, "10.1.0.5", EndpointPurpose.Data, "westus", PrivateEndpointMatch.Matches), Resolved(Westus, "10.1.0.7", EndpointPurpose.Data, resolver: CustomDns),
            ],
            WithPrivateEndpoint()));

        Assert.Equal(Westus, finding.Target);
        Assert.Contains($"Fix the DNS server {CustomDns} for {Westus}: its 'privatelink.azurecr.io' zone or record is stale; point {Westus} at 10.1.0.5.", finding.Remediation);
    }
}
