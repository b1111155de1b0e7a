using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests.Diagnosis;

/// <summary>CredentialRejected: which refusals are about the token itself, what it says of each, and what it explains.</summary>
public class CredentialRejectedRuleTests
{
    private static ConfigurationFailure Refused(string? code, ArmFailure failure = ArmFailure.AuthenticationFailed) =>
        new(failure, $"ARM answered 401 {code} for contoso.", true) { ErrorCode = code };

    [Theory]
    [InlineData("InvalidAuthenticationToken", "invalid", "-ResourceUrl https://management.azure.com/")]
    [InlineData("ExpiredAuthenticationToken", "expired", "fresh token")]
    [InlineData("InvalidAuthenticationTokenTenant", "wrong tenant", "-TenantId <tenant id>")]
    [InlineData("InvalidAuthenticationTokenAudience", "wrong audience", "Resource Manager's audience")]
    [InlineData("expiredauthenticationtoken", "expired", "fresh token")]
    public void SaysWhatIsWrongWithTheTokenAndHowToGetAProperOne(string code, string problem, string fix)
    {
        DiagnosisObservations o = Of([DiagnosisRulesTests.Token(TokenStatus.Unauthorized, 401)], failure: Refused(code));

        var findings = DiagnosisRules.Evaluate(o);

        Finding finding = Assert.Single(findings, f => f.Code == "CredentialRejected");
        Assert.Contains(problem, finding.Summary);
        Assert.Contains(fix, finding.Remediation);
        Assert.Contains("Get-AzAccessToken", finding.Remediation);
        Assert.DoesNotContain("AcrPull", finding.Remediation);
        Assert.DoesNotContain("role", finding.Remediation, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(finding.Evidence, line => line.Contains($"401 {code}"));
        Assert.Contains(finding.Evidence, line => line.StartsWith(Login));
        Assert.Equal(FindingScope.AllPulls, finding.Scope);
        Assert.DoesNotContain(findings, f => f.Code == "TokenExchangeDenied");
        Assert.Equal("CredentialRejected", findings[0].Code);
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, findings));
    }

    [Fact]
    public void ConfigurationUnavailableThenAdvisesNoPermission()
    {
        var findings = DiagnosisRules.Evaluate(Of([DiagnosisRulesTests.Token(TokenStatus.Unauthorized, 401)], failure: Refused("ExpiredAuthenticationToken")));

        Finding unavailable = Assert.Single(findings, f => f.Code == "ConfigurationUnavailable");
        Assert.DoesNotContain("role", unavailable.Remediation, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Reader", unavailable.Remediation);
    }

    [Fact]
    public void OnlyArmRefusingTheTokenIsAboutTheRegistryReadNotEveryPull()
    {
        DiagnosisObservations o = Of([Rest()], failure: Refused("ExpiredAuthenticationToken"));

        Finding finding = Assert.Single(DiagnosisRules.Evaluate(o), f => f.Code == "CredentialRejected");

        Assert.Equal(FindingScope.Registry, finding.Scope);
        Assert.DoesNotContain("token exchange", finding.Summary);
        Assert.NotEqual(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, DiagnosisRules.Evaluate(o)));
    }

    [Theory]
    [InlineData(null, nameof(ArmFailure.AuthenticationFailed))]
    [InlineData("AuthenticationFailed", nameof(ArmFailure.AuthenticationFailed))]
    [InlineData("AuthorizationFailed", nameof(ArmFailure.Forbidden))]
    [InlineData("InvalidAuthenticationToken", nameof(ArmFailure.Rejected))]
    public void ARefusalThatIsNotAboutTheTokenLeavesTheRoleFinding(string? code, string failure)
    {
        var codes = Codes(Of([DiagnosisRulesTests.Token(TokenStatus.Unauthorized, 401)], failure: Refused(code, Enum.Parse<ArmFailure>(failure))));

        Assert.DoesNotContain("CredentialRejected", codes);
        Assert.Contains("TokenExchangeDenied", codes);
    }

    [Fact]
    public void WithoutAnArmRefusalTheExchangeRefusalIsARoleProblem()
    {
        var codes = Codes(Of([DiagnosisRulesTests.Token(TokenStatus.Unauthorized, 401)], config: Premium()));

        Assert.Equal(["TokenExchangeDenied"], codes);
    }
}
