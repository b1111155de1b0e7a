using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;

namespace AcrNetwork;

/// <summary>What discovery gave for one audience: a token and the source it came from, or why there is none.</summary>
internal sealed record CredentialOutcome(string? Source, AccessToken? Token, string? Unavailable, DateTimeOffset DecidedAt)
{
    /// <summary>Served from what an earlier call found, without asking any source.</summary>
    public bool Cached { get; init; }

    /// <summary>For verbose output; never shows the token.</summary>
    public override string ToString() =>
        (Source is null ? $"none found ({Unavailable})" : Source) + (Cached ? ", cached from an earlier call" : ", found now");
}

/// <summary>
/// The credential this host offers without a prompt, found once per session and cloud. The sources DefaultAzureCredential
/// would try are chosen from the environment (<see cref="CredentialSourcePlan"/>), so absent ones cost nothing, then asked
/// all at once; the first in DefaultAzureCredential's order to give a token is used from then on. A token is reused per
/// audience until it nears expiry, and finding none is remembered for <see cref="RememberNone"/>, so a loop or a fleet pays
/// for discovery once. Concurrent requests for one audience share one discovery.
/// </summary>
internal sealed class DiscoveredCredential : TokenCredential
{
    /// <summary>A token this close to expiry is renewed rather than handed out.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RememberNone = TimeSpan.FromMinutes(3);

    /// <summary>How long one source may take (the Azure CLI starts a process); callers wait less and the answer is kept for the next call.</summary>
    public static readonly TimeSpan SourceBound = TimeSpan.FromSeconds(15);

    private static readonly ConcurrentDictionary<string, DiscoveredCredential> Session = new(StringComparer.OrdinalIgnoreCase);

    private readonly Func<CredentialSourcePlan> plan;
    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly Dictionary<string, Task<CredentialOutcome>> outcomes = new(StringComparer.Ordinal);
    private CredentialCandidate? chosen;
    private Task<CredentialOutcome>? none;

    public DiscoveredCredential(Func<CredentialSourcePlan> plan, TimeProvider time)
    {
        this.plan = plan;
        this.time = time;
    }

    /// <summary>This session's credential for a cloud; the environment is read again whenever discovery runs again.</summary>
    public static DiscoveredCredential For(AzureCloudEnvironment environment) =>
        Session.GetOrAdd(
            $"{environment.Name} {environment.ActiveDirectoryAuthority}",
            _ => new DiscoveredCredential(() => CredentialSourcePlan.For(CredentialHost.Current(), environment, SourceBound), TimeProvider.System));

    public async Task<CredentialOutcome> GetOutcomeAsync(TokenRequestContext context, CancellationToken cancellationToken)
    {
        string audience = $"{string.Join(' ', context.Scopes)}|{context.TenantId}|{context.Claims}";
        Task<CredentialOutcome> discovery;
        bool known;
        lock (gate)
        {
            // Finding none holds for every audience: ARM and the token exchange name theirs differently.
            if (none is { } remembered && Fresh(remembered))
            {
                return remembered.Result with { Cached = true };
            }

            // A new discovery starts on the thread pool: choosing the sources loads the Azure SDK and reads files,
            // and the caller (a diagnosis about to probe) must not wait for that.
            known = outcomes.TryGetValue(audience, out Task<CredentialOutcome>? earlier) && Fresh(earlier);
            discovery = known ? earlier! : Task.Run(() => DiscoverAsync(context));
            known &= discovery.IsCompleted;
            outcomes[audience] = discovery;
        }

        CredentialOutcome outcome = await discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        return known ? outcome with { Cached = true } : outcome;
    }

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        CredentialOutcome outcome = await GetOutcomeAsync(requestContext, cancellationToken).ConfigureAwait(false);
        return outcome.Token ?? throw new CredentialUnavailableException($"No credential was found here: {outcome.Unavailable}");
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override string ToString() => nameof(DiscoveredCredential);

    /// <summary>A discovery still running is shared; a token is kept until it nears expiry, finding none for a few minutes.</summary>
    private bool Fresh(Task<CredentialOutcome> discovery)
    {
        if (!discovery.IsCompletedSuccessfully)
        {
            return !discovery.IsCompleted;
        }

        CredentialOutcome outcome = discovery.Result;
        DateTimeOffset now = time.GetUtcNow();
        return outcome.Token is { } token ? now < token.ExpiresOn - RefreshMargin : now < outcome.DecidedAt + RememberNone;
    }

    private async Task<CredentialOutcome> DiscoverAsync(TokenRequestContext context)
    {
        // Once a source has given a token it is the one asked (DefaultAzureCredential does the same).
        if (chosen is { } source)
        {
            (AccessToken? token, string? error) = await AskAsync(source, context, CancellationToken.None).ConfigureAwait(false);
            return new CredentialOutcome(token is null ? null : source.Name, token, token is null ? $"{source.Name}: {error}" : null, time.GetUtcNow());
        }

        CredentialSourcePlan sources = plan();
        using var rest = new CancellationTokenSource();
        var asked = sources.Candidates.Select(candidate => AskAsync(candidate, context, rest.Token)).ToList();
        var failures = new List<string>();
        for (int i = 0; i < asked.Count; i++)
        {
            (AccessToken? token, string? error) = await asked[i].ConfigureAwait(false);
            if (token is not null)
            {
                chosen = sources.Candidates[i];
                await rest.CancelAsync().ConfigureAwait(false);
                return new CredentialOutcome(chosen.Name, token, null, time.GetUtcNow());
            }

            failures.Add($"{sources.Candidates[i].Name}: {error}");
        }

        var outcome = new CredentialOutcome(null, null, string.Join("; ", failures.Concat(sources.Skipped)), time.GetUtcNow());
        lock (gate)
        {
            none = Task.FromResult(outcome);
        }

        return outcome;
    }

    private static async Task<(AccessToken? Token, string? Error)> AskAsync(CredentialCandidate candidate, TokenRequestContext context, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(candidate.Bound);
        try
        {
            // Some sources do synchronous work first (the Azure CLI's process start): each gets its own thread.
            return (await Task.Run(() => candidate.Credential.GetTokenAsync(context, bound.Token).AsTask(), bound.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException)
        {
            return (null, $"no answer within {candidate.Bound.TotalSeconds:0.#} s");
        }
        catch (Exception ex)
        {
            // Every source fails in its own way (CredentialUnavailableException, AuthenticationFailedException, I/O);
            // one failing must not stop the others. Their messages say what is missing; they may quote an endpoint's URI.
            return (null, Redaction.Text(ex.Message.Split('\n')[0].Trim()));
        }
    }
}
