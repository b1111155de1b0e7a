#Requires -Version 7.4
# Invoke-AcrTroubleshooter as the client of every lab scenario, with the registry's configuration readable from
# the lab's ARM (its ArmAccessToken) and without it (the PullAccessToken of an identity that may pull but not read
# the registry): the verdict and the primary finding must be those the scenario declares. The built module runs in
# a fresh pwsh inside the client namespace; labs come up a few at a time. Needs root.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $cases = @(Get-AcrLabScenario | ForEach-Object {
            @{ Name = $_.Name; Mode = 'WithConfig' }
            @{ Name = $_.Name; Mode = 'WithoutConfig' }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force
    $script:TimeoutSec = 3

    # Both diagnoses, as a user types them, with every stream captured so the test can prove no token reaches one.
    $clientScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$PSStyle.OutputRendering = 'PlainText'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
function Invoke-Diagnosis([hashtable] $Parameters) {
    $streams = [System.Collections.Generic.List[string]]::new()
    $diagnoses = [System.Collections.Generic.List[object]]::new()
    $failure = $null
    try {
        Invoke-AcrTroubleshooter @Parameters -FailOnError *>&1 | ForEach-Object {
            if ($_ -is [AcrNetwork.Diagnosis]) { $diagnoses.Add($_) } else { $streams.Add("$_") }
        }
    }
    catch { $failure = $_ }
    $diagnosis = $diagnoses | Select-Object -First 1
    $jsonWarnings = @()
    $json = $diagnosis | ConvertTo-Json -Depth 6 -WarningVariable jsonWarnings -WarningAction SilentlyContinue
    [ordered]@{
        Verdict   = "$($diagnosis.Verdict)"
        Findings  = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Severity = "$($_.Severity)"; Summary = $_.Summary; Remediation = $_.Remediation } })
        DurationSec = $diagnosis.Duration.TotalSeconds
        Count     = $diagnoses.Count
        Json      = $json
        JsonWarnings = @($jsonWarnings | ForEach-Object Message)
        View      = $diagnosis | Out-String -Width 160
        List      = $diagnosis | Format-List | Out-String -Width 160
        Streams   = @($streams)
        ErrorId   = $failure.FullyQualifiedErrorId
        Error     = "$failure"
    }
}
$common = @{ LoginServer = $in.LoginServer; Environment = $in.Environment; Repository = $in.Repository; TimeoutSec = $in.TimeoutSec }
if ($in.AksClusterId) { $common.AksClusterId = $in.AksClusterId }
$result = [ordered]@{
    WithConfig    = Invoke-Diagnosis ($common + @{ AccessToken = $in.ArmToken })
    WithoutConfig = Invoke-Diagnosis ($common + @{ AccessToken = $in.PullToken })
}
'<<RESULT>>' + (ConvertTo-Json -InputObject $result -Depth 3 -Compress)
'@

    $script:Measured = Invoke-AcrLabScenario -Scenario (Get-AcrLabScenario | ForEach-Object Name) -Context @{ ClientScript = $clientScript; TimeoutSec = $script:TimeoutSec } -Measure {
        param($lab, $context)
        $run = Invoke-AcrLabClient -Lab $lab -TimeoutSec 180 -Script $context.ClientScript -InputObject @{
            AksClusterId = $lab.AksClusterId
            TimeoutSec   = $context.TimeoutSec
        }
        [pscustomobject]@{
            Tokens    = @($lab.ArmAccessToken, $lab.PullAccessToken)
            Output    = $run.Output
            RawOutput = $run.Raw
            ExitCode  = $run.ExitCode
        }
    }
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter in scenario <Name>, <Mode>' -ForEach $cases {
    BeforeAll {
        $measured = $script:Measured[$Name]
        $expected = (Get-AcrLabScenario -Name $Name).Expected[$Mode]
        $run = $measured.Output.$Mode
        $diagnosis = if ($run.Json) { $run.Json | ConvertFrom-Json }
        $problems = @($run.Findings | Where-Object Severity -NE 'Info')
    }

    It 'diagnoses the registry without an unhandled exception' {
        $measured.Error | Should -BeNullOrEmpty
        $measured.ExitCode | Should -Be 0 -Because $measured.RawOutput
        $run.Count | Should -Be 1
        $run.Error | Should -Not -Match 'Exception|at AcrNetwork\.' -Because 'only -FailOnError may end the command'
    }

    It 'gives the verdict and the primary finding the scenario declares' {
        $codes = @($run.Findings | ForEach-Object { "$($_.Code) ($($_.Severity))" }) -join ', '
        $run.Verdict | Should -Be $expected.Verdict -Because "the findings were: $codes"
        $primary = if ($problems.Count -gt 0) { $problems[0].Code }
        $primary | Should -Be $expected.PrimaryFinding -Because "the findings were: $codes"
        foreach ($code in @($expected['AlsoFindings'] | Where-Object { $_ })) { $run.Findings.Code | Should -Contain $code }
        foreach ($name in @($expected['PrimaryNames'] | Where-Object { $_ })) { $problems[0].Summary | Should -BeLike "*$name*" }
        if ($expected['PrimaryFix']) { $problems[0].Remediation | Should -BeLike "*$($expected.PrimaryFix)*" }
    }

    if ($Mode -eq 'WithConfig' -and (Get-AcrLabScenario -Name $Name).Aks) {
        It 'says that the cluster''s API server (private or VNet-integrated) changes nothing for pulls' {
            ($diagnosis.NotChecked -join "`n") | Should -Match 'changes? nothing for pulls'
        }
    }

    It 'gives every finding its evidence, a fix and a documentation link' {
        foreach ($finding in $diagnosis.Findings) {
            $finding.Evidence | Should -Not -BeNullOrEmpty -Because $finding.Code
            $finding.Remediation | Should -Not -BeNullOrEmpty
            $finding.Symptom | Should -Not -BeNullOrEmpty
            $finding.DocumentationUrl | Should -BeLike 'https://learn.microsoft.com/*'
        }
    }

    if ($Mode -eq 'WithoutConfig') {
        It 'says what it could not check when it could not read the configuration' {
            $diagnosis.Config | Should -BeNullOrEmpty
            @($diagnosis.NotChecked) | Should -Not -BeNullOrEmpty
            if ((Get-AcrLabScenario -Name $Name).Config.Exists) { $diagnosis.Findings.Code | Should -Contain 'ConfigurationUnavailable' }
        }
    }

    It 'completes within -TimeoutSec + 2 s' {
        # Asserted generously: the first run in a fresh process also loads the Azure SDK (bench/Troubleshooter.Bench.ps1 prints the real figures).
        $allowance = if ($Mode -eq 'WithConfig') { 3 } else { 1 }
        $run.DurationSec | Should -BeLessThan ($script:TimeoutSec + 2 + $allowance)
    }

    It 'turns an Error finding into a terminating error with -FailOnError, and only then' {
        if (@($run.Findings | Where-Object Severity -EQ 'Error').Count -gt 0) {
            $run.ErrorId | Should -BeLike 'RegistryDiagnosisFoundError,*'
            $run.Error | Should -Match ([regex]::Escape($problems[0].Code))
        }
        else {
            $run.ErrorId | Should -BeNullOrEmpty
        }
    }

    It 'shows the verdict, then each finding with its evidence and fix, in the default view' {
        $run.View | Should -Match "$([regex]::Escape($diagnosis.LoginServer)): $($expected.Verdict.ToUpperInvariant())"
        foreach ($finding in $diagnosis.Findings) { $run.View | Should -Match "\b$($finding.Code)\b" }
        if ($problems) {
            $run.View | Should -Match 'Evidence: '
            $run.View | Should -Match 'Fix: '
        }
        $run.List | Should -Match 'Findings\s+:' -Because 'Format-List shows every property'
        $run.List | Should -Match 'Endpoints\s+:'
    }

    It 'converts to JSON at depth 6 without truncation, and never shows a token' {
        $run.JsonWarnings | Should -BeNullOrEmpty
        $everything = "$($measured.RawOutput)"
        foreach ($token in $measured.Tokens) { $everything | Should -Not -Match ([regex]::Escape($token)) }
        $everything | Should -Not -Match 'eyJ' -Because 'every lab token (ARM, refresh, access) is a JWT'
        $everything | Should -Not -Match 'sig='
        ($run.Streams -join "`n") | Should -Match 'Azure credential: the token given with -AccessToken' -Because 'verbose output was captured'
    }
}
