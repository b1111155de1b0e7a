namespace AcrNetwork.Commands;

/// <summary>
/// Where the cmdlets' online help lives (Get-Help -Online): docs/help/&lt;Cmdlet&gt;.md in the project's
/// repository, the ProjectUri of AcrNetwork.psd1.
/// </summary>
internal static class HelpLinks
{
    public const string CmdletHelp = "https://github.com/AcrNetwork/AcrNetwork/blob/main/docs/help/";
}
