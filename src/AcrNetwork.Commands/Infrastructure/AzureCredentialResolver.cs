using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Finds the Azure credential for a cmdlet in the module's order: -AccessToken, then the signed-in
/// Az PowerShell context, then DefaultAzureCredential (see <see cref="AzureCredentialChain"/>).
/// Any cmdlet that talks to Azure calls this once, on the pipeline thread, before its async work.
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
        AzureCredential credential = accessToken is not null
            ? AzureCredentialChain.Select(SecureStringTransformationAttribute.Reveal(accessToken), azContextToken: null, environment)
            : AzureCredentialChain.Select(accessToken: null, ReadAzContextToken(cmdlet.InvokeCommand.InvokeScript(AzContextTokenScript, true, PipelineResultTypes.None, null, environment.ResourceManagerUrl.AbsoluteUri), cmdlet.WriteVerbose), environment);
        cmdlet.WriteVerbose($"Azure credential: {credential.Description}.");
        return credential;
    }

    /// <summary>
    /// The same chain for argument completers, which have no cmdlet: the Az step runs in the session being
    /// completed (the pipeline thread, during tab completion) and nothing is written to any stream.
    /// </summary>
    public static AzureCredential ResolveQuietly(SecureString? accessToken, AzureCloudEnvironment environment) =>
        accessToken is not null
            ? AzureCredentialChain.Select(SecureStringTransformationAttribute.Reveal(accessToken), azContextToken: null, environment)
            : AzureCredentialChain.Select(accessToken: null, ReadAzContextToken(ScriptBlock.Create(AzContextTokenScript).Invoke(environment.ResourceManagerUrl.AbsoluteUri), _ => { }), environment);

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
                    writeVerbose($"The Az PowerShell context gave no token ({error.Exception.Message}); trying DefaultAzureCredential.");
                    return null;
            }
        }

        return null;
    }
}
