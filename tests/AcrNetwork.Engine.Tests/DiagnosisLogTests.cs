using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using static AcrNetwork.Tests.Diagnosis.Observations;

namespace AcrNetwork.Tests;

public class DiagnosisLogTests
{
    private int built;

    [Fact]
    public void BuildsNoMessageWhenNobodyListens()
    {
        DiagnosisLog.None.Step.Tell($"story {Counted()}");
        DiagnosisLog.None.Wire.Tell($"wire {Counted()}");
        var storyOnly = new DiagnosisLog(_ => { }, null);
        storyOnly.Wire.Tell($"wire {Counted()}");

        Assert.Equal(0, built);
        Assert.False(DiagnosisLog.None.Step.Enabled);
        Assert.False(DiagnosisLog.None.Wire.Enabled);
    }

    [Fact]
    public void TellsEachChannelOnlyItsOwnMessagesRedacted()
    {
        var steps = new List<string>();
        var wire = new List<string>();
        var log = new DiagnosisLog(steps.Add, wire.Add);
        string registered = $"opaque-{Guid.NewGuid():N}";
        Redaction.Register(registered);

        log.Step.Tell($"named by -Name, {Counted()} time(s); proxy http://user:hunter22@10.0.0.1:3128");
        log.Wire.Tell($"Authorization: Bearer abcdefghijklmnop; secret {registered}; {1234.4:F0} ms");

        Assert.Equal(["named by -Name, 1 time(s); proxy http://user:***@10.0.0.1:3128"], steps);
        Assert.Equal(["Authorization: Bearer ***; secret ***; 1234 ms"], wire);
    }

    [Fact]
    public void TellsTheRulesThatFiredWhatWasSupersededAndWhyThePrimaryCauseLeads()
    {
        var steps = new List<string>();
        DiagnosisObservations observations = Of([Denied()], config: Premium(c => c with { DefaultAction = NetworkRuleAction.Deny, IpRules = ["198.51.100.0/24"] }));

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(observations, null, new DiagnosisLog(steps.Add, null));

        Assert.Equal(FindingCode.ClientIpNotAllowed, findings[0].CatalogCode);
        Assert.Contains(steps, s => s.Contains("rule ClientIpNotAllowedRule fired: Error ClientIpNotAllowed at Http", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Contains("RegistryFirewallDeniedClient superseded by ClientIpNotAllowed", StringComparison.Ordinal));
        Assert.EndsWith("primary cause ClientIpNotAllowed (Error at Http): the only problem found.", steps[^1], StringComparison.Ordinal);
        Assert.Equal(DiagnosisRules.Evaluate(observations).Select(f => f.Code), findings.Select(f => f.Code));
    }

    [Fact]
    public void SaysWhyThePrimaryCauseGoesBeforeAnotherProblem()
    {
        var steps = new List<string>();
        DiagnosisObservations observations = Of([TcpFailure(Login, EndpointPurpose.Rest, TcpStatus.Timeout), Diagnosis.DiagnosisRulesTests.Token(TokenStatus.Unauthorized, 401)]);

        DiagnosisRules.Evaluate(observations, null, new DiagnosisLog(steps.Add, null));

        Assert.Matches("primary cause TcpConnectTimeout \\(Error at Tcp\\): its stage comes earlier on the pull path than \\w+'s \\(\\w+\\)", steps[^1]);
    }

    [Fact]
    public async Task TellsEachArmRequestOnTheWireWithoutItsToken()
    {
        FakeArm arm = FakeArm.WithPrivateRegistry();
        var wire = new ConcurrentQueue<string>();
        using var connection = new ArmConnection(
            new StaticAccessTokenCredential(FakeArm.Token), AzureCloudEnvironment.AzureCloud, new DiagnosisLog(null, wire.Enqueue), new HttpClientTransport(new HttpClient(arm)));

        await new ArmRegistryReader(connection).GetAsync(FakeArm.RegistryId, CancellationToken.None);

        Assert.Equal(connection.RequestCount, wire.Count);
        Assert.Contains(wire, line => line.StartsWith($"ARM GET management.azure.com{FakeArm.RegistryId}?api-version=", StringComparison.Ordinal) && line.Contains(": 200 (x-ms-request-id ", StringComparison.Ordinal));
        Assert.DoesNotContain(wire, line => line.Contains(FakeArm.Token, StringComparison.Ordinal));
    }

    private int Counted() => ++built;
}
