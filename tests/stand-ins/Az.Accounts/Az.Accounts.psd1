# A stand-in for Az.Accounts (the PowerShell Gallery is not reachable here): only what AcrNetwork's
# credential chain calls, with the two shapes of Get-AzAccessToken's Token that real versions return.
@{
    RootModule        = 'Az.Accounts.psm1'
    ModuleVersion     = '5.0.0'
    GUID              = '7a3f0c52-64c1-4f0e-9a43-2b0d8f1c9e11'
    Description       = 'Test stand-in for Az.Accounts: Get-AzContext and Get-AzAccessToken.'
    FunctionsToExport = @('Get-AzContext', 'Get-AzAccessToken')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
