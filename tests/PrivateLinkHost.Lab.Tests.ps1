#Requires -Version 7.4
# A registry named by its private link host (<name>.privatelink.<suffix>), from the client of one lab scenario
# (healthy-private-endpoint): the diagnosis is of the login server, and says which host to use from the name alone,
# without resolving or connecting to the private link host. The built module runs in a fresh pwsh inside the client
# namespace. Needs root.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $script:Lab = Start-AcrLabSuite -Scenario healthy-private-endpoint
    $script:Given = "$($Lab.RegistryName).privatelink.$($Lab.Environment.ContainerRegistryEndpointSuffix)"
    $run = Invoke-AcrLabClient -Lab $script:Lab -InputObject @{ Given = $script:Given } -Script @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$diagnosis = Invoke-AcrTroubleshooter -LoginServer $in.Given -Environment $in.Environment -AccessToken $in.ArmToken -Repository $in.Repository -TimeoutSec 3
'<<RESULT>>' + (ConvertTo-Json -Depth 4 -Compress -InputObject ([ordered]@{
    LoginServer = $diagnosis.LoginServer
    Verdict     = "$($diagnosis.Verdict)"
    Findings    = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Severity = "$($_.Severity)"; Scope = "$($_.Scope)"; Target = $_.Target; Summary = $_.Summary; Remediation = $_.Remediation } })
    Resolved    = @($diagnosis.Dns | ForEach-Object Fqdn)
    Tested      = @($diagnosis.Endpoints | ForEach-Object Fqdn)
}))
'@
    $script:Raw = $run.Raw
    $script:Result = $run.Output
    $script:AccessLog = $run.AccessLog
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter -LoginServer <name>.privatelink.<suffix>' {
    It 'diagnoses the registry at its login server, and names the private link host as the primary cause' {
        $Result | Should -Not -BeNullOrEmpty -Because $Raw
        $Given | Should -BeLike '*.privatelink.azurecr.test'
        $Result.LoginServer | Should -Be $Lab.LoginServer
        $codes = @($Result.Findings | ForEach-Object Code) -join ', '
        $Result.Findings[0].Code | Should -Be 'PrivateLinkHostUsed' -Because "the findings were: $codes"
        $Result.Findings[0].Severity | Should -Be 'Error'
        $Result.Findings[0].Scope | Should -Be 'AllPulls'
        $Result.Verdict | Should -Be 'Blocked'
        @($Result.Findings | Where-Object { $_.Severity -ne 'Info' -and $_.Code -ne 'PrivateLinkHostUsed' }) | Should -BeNullOrEmpty -Because 'the registry itself is healthy from this client'
    }

    It 'names the host to use instead' {
        $finding = $Result.Findings[0]
        $finding.Target | Should -Be $Given
        $finding.Summary | Should -BeLike "$Given is the private link name of $($Lab.LoginServer)*"
        $finding.Remediation | Should -BeLike "Use $($Lab.LoginServer) (docker login $($Lab.LoginServer)*"
    }

    It 'tells it from the name alone: the private link host is neither resolved nor connected to' {
        $Result.Resolved | Should -Contain $Lab.LoginServer
        $Result.Resolved | Should -Not -Contain $Given
        $Result.Tested | Should -Contain $Lab.LoginServer
        $Result.Tested | Should -Not -Contain $Given
        $AccessLog | Where-Object { $_ -match " $([regex]::Escape($Given)) `"" } | Should -BeNullOrEmpty -Because 'no request named the private link host'
        $AccessLog | Where-Object { $_ -match " $([regex]::Escape($Lab.LoginServer)) `"GET /v2/" } | Should -Not -BeNullOrEmpty -Because 'the login server was probed'
    }
}
