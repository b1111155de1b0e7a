#Requires -Version 7.4
# A credential that is not a token, from the client of one lab scenario (healthy): the lab's ARM answers 401
# InvalidAuthenticationToken and the registry's token exchange refuses it, so the diagnosis must blame the token
# (CredentialRejected), not a role (TokenExchangeDenied), and never quote it. The built module runs in a fresh pwsh
# inside the client namespace. Needs root.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $script:Lab = Start-AcrLabSuite -Scenario healthy
    $script:BadToken = 'not-a-token-' + [guid]::NewGuid().ToString('n')
    $run = Invoke-AcrLabClient -Lab $script:Lab -InputObject @{
        Token       = $script:BadToken
    } -Script @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$PSStyle.OutputRendering = 'PlainText'
$VerbosePreference = 'Continue'
$streams = [System.Collections.Generic.List[string]]::new()
$diagnosis = $null
Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.Token -TimeoutSec 3 *>&1 | ForEach-Object {
    if ($_ -is [AcrNetwork.Diagnosis]) { $diagnosis = $_ } else { $streams.Add("$_") }
}
'<<RESULT>>' + (ConvertTo-Json -Depth 3 -Compress -InputObject ([ordered]@{
    Verdict  = "$($diagnosis.Verdict)"
    Findings = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Summary = $_.Summary; Remediation = $_.Remediation } })
    Json     = $diagnosis | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue
    View     = $diagnosis | Format-List | Out-String -Width 160
    Streams  = @($streams)
}))
'@
    $script:Raw = $run.Raw
    $script:Result = $run.Output
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter with a token ARM refuses' {
    It 'blames the token, not a role, and blocks the pull' {
        $Result | Should -Not -BeNullOrEmpty -Because $Raw
        $Result.Verdict | Should -Be 'Blocked'
        $Result.Findings[0].Code | Should -Be 'CredentialRejected'
        $Result.Findings.Code | Should -Not -Contain 'TokenExchangeDenied'
        $Result.Findings.Code | Should -Contain 'ConfigurationUnavailable'
    }

    It 'says the token is invalid and how to get a proper one' {
        $finding = $Result.Findings | Where-Object Code -EQ 'CredentialRejected'
        $finding.Summary | Should -Match 'the token is invalid'
        $finding.Summary | Should -Match 'token exchange refused it too'
        $finding.Remediation | Should -Match 'Get-AzAccessToken -ResourceUrl'
        $finding.Remediation | Should -Not -Match 'AcrPull|role'
    }

    It 'never quotes the token' {
        $Raw | Should -Not -BeLike "*$BadToken*"
        $Result.Json | Should -Not -BeLike "*$BadToken*"
    }
}
