using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Finds the Azure credential for a cmdlet in the module's order: -AccessToken, then the signed-in
/// Az PowerShell context, then DefaultAzureCredential's sources (see <see cref="AzureCredentialChain"/>).
/// Any cmdlet that talks to Azure calls this once, on the pipeline thread, before its async work: the Az
/// context is read there on every call (in-process, so signing in takes effect at once); the other sources
/// are only asked, off that thread, when a token is needed, and the session keeps what they gave.
/// </summary>
internal static class AzureCredentialResolver
{
    // Runs in the caller's session, where Az.Accounts keeps its context; nothing is written to any
    // stream and the token leaves only as the returned value. -WarningAction: Az.Accounts 2 to 4 warn
    // that Token will become a SecureString, which it is from Az.Accounts 5 on; both forms are read.
    private const string AzContextTokenScript = """
        param([string] $ResourceUrl)
        if (-not (Get-Module -Name Az.Accounts)) { return }
        try {
            $context = Get-AzContext -ErrorAction Stop
            if (-not $context -or -not $context.Account) { return }
            (Get-AzAccessToken -ResourceUrl $ResourceUrl -ErrorAction Stop -WarningAction Ignore).Token
        }
        catch {
            [System.Management.Automation.ErrorRecord] $_
        }
        """;

    /// <summary>Must run on the pipeline thread: the Az step invokes Get-AzAccessToken in the cmdlet's runspace.</summary>
    public static AzureCredential Resolve(PSCmdlet cmdlet, SecureString? accessToken, AzureCloudEnvironment environment)
    {
        AzureCredential credential = Select(
            accessToken,
            environment,
            () => cmdlet.InvokeCommand.InvokeScript(AzContextTokenScript, true, PipelineResultTypes.None, null, environment.ResourceManagerUrl.AbsoluteUri),
            cmdlet.WriteVerbose);
        cmdlet.WriteVerbose($"Azure credential: {credential.Description}.");
        return credential;
    }

    /// <summary>
    /// The same chain for argument completers, which have no cmdlet: the Az step runs in the session being
    /// completed (the pipeline thread, during tab completion) and nothing is written to any stream.
    /// </summary>
    public static AzureCredential ResolveQuietly(SecureString? accessToken, AzureCloudEnvironment environment) =>
        Select(accessToken, environment, () => ScriptBlock.Create(AzContextTokenScript).Invoke(environment.ResourceManagerUrl.AbsoluteUri), _ => { });

    private static AzureCredential Select(SecureString? accessToken, AzureCloudEnvironment environment, Func<IEnumerable<PSObject>> readAzContext, Action<string> writeVerbose)
    {
        string? token = accessToken is not null ? SecureStringTransformationAttribute.Reveal(accessToken) : ReadAzContextToken(readAzContext(), writeVerbose);

        // Whatever shape the token has, it is masked in any text the module shows.
        Redaction.Register(token);
        return accessToken is not null
            ? AzureCredentialChain.Select(token, azContextToken: null, environment)
            : AzureCredentialChain.Select(accessToken: null, token, environment);
    }

    /// <summary>
    /// Runs the cmdlet's work while the session's discovered credential, when that is the one, is found alongside,
    /// and says in verbose output which source gave it and whether an earlier call had found it already.
    /// </summary>
    public static async Task RunReportingAsync(AzureCredential? credential, AzureCloudEnvironment environment, AsyncPSCmdlet.CmdletOutput output, Func<Task> work)
    {
        if (credential is not { Source: AzureCredentialSource.DefaultAzureCredential })
        {
            await work().ConfigureAwait(false);
            return;
        }

        using var workDone = new CancellationTokenSource();
        Task report = ReportAsync(credential, environment, output, workDone.Token);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            await workDone.CancelAsync().ConfigureAwait(false);
            await report.ConfigureAwait(false);
        }
    }

    private static async Task ReportAsync(AzureCredential credential, AzureCloudEnvironment environment, AsyncPSCmdlet.CmdletOutput output, CancellationToken workDone)
    {
        try
        {
            output.WriteVerbose($"Azure credential source: {await credential.DescribeSourceAsync(environment, workDone).ConfigureAwait(false)}.");
        }
        catch (OperationCanceledException)
        {
            output.WriteVerbose("Azure credential source: still being found when the work ended; the session keeps the answer for the next call.");
        }
    }

    private static string? ReadAzContextToken(IEnumerable<PSObject> results, Action<string> writeVerbose)
    {
        foreach (PSObject result in results)
        {
            switch (result?.BaseObject)
            {
                case SecureString secure:
                    return SecureStringTransformationAttribute.Reveal(secure);
                case string text when text.Length > 0:
                    return text;
                case ErrorRecord error:
                    // Not signed in for this cloud, or the token request failed: the chain goes on.
                    writeVerbose($"The Az PowerShell context gave no token ({Redaction.Message(error.Exception)}); trying DefaultAzureCredential's sources.");
                    return null;
            }
        }

        return null;
    }
}
