using Azure.Core;
using Azure.Identity;

namespace AcrNetwork.Tests;

public class DiscoveredCredentialTests
{
    private static readonly TokenRequestContext Arm = AzureCredentialChain.ArmTokenRequest(AzureCloudEnvironment.AzureCloud);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A source that answers when released, with a token or a failure, and counts how often it was asked.</summary>
    private sealed class ScriptedSource(string? token, TimeSpan lifetime, ManualClock clock) : TokenCredential
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Asked;
        public bool WasCancelled;

        public static ScriptedSource Answering(string? token, ManualClock clock, TimeSpan? lifetime = null)
        {
            var source = new ScriptedSource(token, lifetime ?? TimeSpan.FromHours(1), clock);
            source.Release.SetResult();
            return source;
        }

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Asked);
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WasCancelled = true;
                throw;
            }

            return token is null ? throw new CredentialUnavailableException("nothing configured here") : new AccessToken(token, clock.Now + lifetime);
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    private static DiscoveredCredential Discovered(ManualClock clock, params (string Name, TokenCredential Source, TimeSpan Bound)[] sources) =>
        new(() => new CredentialSourcePlan(sources.Select(s => new CredentialCandidate(s.Name, s.Source, s.Bound)).ToList(), ["AzureCliCredential: not signed in"]), clock);

    [Fact]
    public async Task TheFirstSourceInOrderWinsEvenWhenALaterOneAnswersFirst()
    {
        var clock = new ManualClock();
        var first = new ScriptedSource("first-token", TimeSpan.FromHours(1), clock);
        ScriptedSource second = ScriptedSource.Answering("second-token", clock);
        DiscoveredCredential credential = Discovered(clock, ("EnvironmentCredential", first, Bound), ("AzureCliCredential", second, Bound));

        Task<CredentialOutcome> pending = credential.GetOutcomeAsync(Arm, CancellationToken.None);
        while (Volatile.Read(ref second.Asked) == 0)
        {
            await Task.Yield();
        }

        // Both were asked at once: the later source was not waiting for the earlier one.
        Assert.False(pending.IsCompleted);
        first.Release.SetResult();
        CredentialOutcome outcome = await pending;

        Assert.Equal("EnvironmentCredential", outcome.Source);
        Assert.Equal("first-token", outcome.Token!.Value.Token);
        Assert.False(outcome.Cached);
    }

    [Fact]
    public async Task AFailingSourceGivesWayToTheNext()
    {
        var clock = new ManualClock();
        DiscoveredCredential credential = Discovered(clock,
            ("ManagedIdentityCredential", ScriptedSource.Answering(null, clock), Bound),
            ("AzureCliCredential", ScriptedSource.Answering("cli-token", clock), Bound));

        CredentialOutcome outcome = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.Equal("AzureCliCredential", outcome.Source);
        Assert.Equal("cli-token", (await credential.GetTokenAsync(Arm, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task ASourceThatDoesNotAnswerWithinItsBoundIsCancelledAndCountsAsAbsent()
    {
        var clock = new ManualClock();
        var silent = new ScriptedSource("never", TimeSpan.FromHours(1), clock);
        DiscoveredCredential credential = Discovered(clock,
            ("ManagedIdentityCredential", silent, TimeSpan.FromMilliseconds(50)),
            ("AzureCliCredential", ScriptedSource.Answering("cli-token", clock), Bound));

        CredentialOutcome outcome = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.Equal("AzureCliCredential", outcome.Source);
        Assert.True(silent.WasCancelled);
    }

    [Fact]
    public async Task ATokenIsReusedUntilItNearsExpiryThenTheChosenSourceAloneIsAskedAgain()
    {
        var clock = new ManualClock();
        ScriptedSource managedIdentity = ScriptedSource.Answering(null, clock);
        ScriptedSource cli = ScriptedSource.Answering("cli-token", clock, TimeSpan.FromMinutes(60));
        DiscoveredCredential credential = Discovered(clock, ("ManagedIdentityCredential", managedIdentity, Bound), ("AzureCliCredential", cli, Bound));

        await credential.GetOutcomeAsync(Arm, CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(54);
        CredentialOutcome reused = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.True(reused.Cached);
        Assert.Equal("AzureCliCredential", reused.Source);
        Assert.Equal(1, cli.Asked);

        clock.Now += TimeSpan.FromMinutes(2);
        CredentialOutcome renewed = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.False(renewed.Cached);
        Assert.Equal(2, cli.Asked);
        Assert.Equal(1, managedIdentity.Asked);
    }

    [Fact]
    public async Task EachAudienceHasItsOwnToken()
    {
        var clock = new ManualClock();
        ScriptedSource cli = ScriptedSource.Answering("cli-token", clock);
        DiscoveredCredential credential = Discovered(clock, ("AzureCliCredential", cli, Bound));

        await credential.GetOutcomeAsync(Arm, CancellationToken.None);
        CredentialOutcome other = await credential.GetOutcomeAsync(new TokenRequestContext(["https://storage.azure.com/.default"]), CancellationToken.None);

        Assert.False(other.Cached);
        Assert.Equal(2, cli.Asked);
    }

    [Fact]
    public async Task FindingNoneIsRememberedForEveryAudienceForAFewMinutes()
    {
        var clock = new ManualClock();
        ScriptedSource managedIdentity = ScriptedSource.Answering(null, clock);
        DiscoveredCredential credential = Discovered(clock, ("ManagedIdentityCredential", managedIdentity, Bound));

        CredentialOutcome none = await credential.GetOutcomeAsync(Arm, CancellationToken.None);
        clock.Now += DiscoveredCredential.RememberNone - TimeSpan.FromSeconds(1);
        CredentialOutcome remembered = await credential.GetOutcomeAsync(new TokenRequestContext(["https://management.azure.com//.default"]), CancellationToken.None);

        Assert.Null(none.Token);
        Assert.Equal("ManagedIdentityCredential: nothing configured here; AzureCliCredential: not signed in", none.Unavailable);
        Assert.True(remembered.Cached);
        Assert.Equal(1, managedIdentity.Asked);

        clock.Now += TimeSpan.FromSeconds(2);
        await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.Equal(2, managedIdentity.Asked);
    }

    [Fact]
    public async Task NoneFoundIsACredentialUnavailableExceptionSayingWhatWasTried()
    {
        var clock = new ManualClock();
        DiscoveredCredential credential = Discovered(clock);

        var failure = await Assert.ThrowsAsync<CredentialUnavailableException>(async () => await credential.GetTokenAsync(Arm, CancellationToken.None));

        Assert.Equal("No credential was found here: AzureCliCredential: not signed in", failure.Message);
    }

    [Fact]
    public async Task ConcurrentRequestsShareOneDiscovery()
    {
        var clock = new ManualClock();
        var cli = new ScriptedSource("cli-token", TimeSpan.FromHours(1), clock);
        DiscoveredCredential credential = Discovered(clock, ("AzureCliCredential", cli, Bound));

        var fleet = Enumerable.Range(0, 100).Select(_ => credential.GetOutcomeAsync(Arm, CancellationToken.None)).ToList();
        cli.Release.SetResult();
        CredentialOutcome[] outcomes = await Task.WhenAll(fleet);

        Assert.Equal(1, cli.Asked);
        Assert.All(outcomes, o => Assert.Equal("cli-token", o.Token!.Value.Token));
    }

    [Fact]
    public async Task ACallerThatStopsWaitingLeavesTheDiscoveryToTheNextCall()
    {
        var clock = new ManualClock();
        var cli = new ScriptedSource("cli-token", TimeSpan.FromHours(1), clock);
        DiscoveredCredential credential = Discovered(clock, ("AzureCliCredential", cli, Bound));
        using var impatient = new CancellationTokenSource();

        Task<CredentialOutcome> first = credential.GetOutcomeAsync(Arm, impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        cli.Release.SetResult();
        CredentialOutcome next = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.Equal("cli-token", next.Token!.Value.Token);
        Assert.Equal(1, cli.Asked);
    }

    [Fact]
    public async Task TheOutcomeNeverShowsTheToken()
    {
        var clock = new ManualClock();
        DiscoveredCredential credential = Discovered(clock, ("AzureCliCredential", ScriptedSource.Answering("secret-token-value", clock), Bound));

        CredentialOutcome outcome = await credential.GetOutcomeAsync(Arm, CancellationToken.None);

        Assert.Equal("AzureCliCredential, found now", outcome.ToString());
        Assert.DoesNotContain("secret-token-value", credential.ToString());
    }
}
