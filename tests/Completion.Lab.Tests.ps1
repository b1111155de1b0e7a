#requires -Modules Pester
# Tab completion of registry names and regions as the lab's client sees it: TabExpansion2 in a pwsh inside
# the client namespace, reading the lab's Resource Graph with -AccessToken or the Az context (the stand-in
# Az.Accounts), and with no credential at all. Needs root, like the lab.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    Install-AcrLabPrerequisite
    $modulePath = Get-BuiltModulePath
    $standInAz = Join-Path $PSScriptRoot 'stand-ins/Az.Accounts'
    # A registry replicated from westus to eastus.
    $lab = Start-AcrLab -Scenario data-endpoint-region-blocked
    $graphLog = Join-Path $lab.WorkDir 'nginx/access.log'

    function Invoke-LabCompletion {
        <#
        .SYNOPSIS
        Completes each line in one pwsh as the lab's client; returns the completions of each line (joined
        by commas), what the
        session wrote to its error stream, and the Resource Graph requests the completions caused.
        #>
        param([Parameter(Mandatory)] [string[]] $Line, [string] $Prelude = '', [hashtable] $Environment = @{})
        $cloud = $lab.Environment | ConvertTo-Json -Compress
        $lines = ($Line | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" }) -join ', '
        $script = @"
$Prelude
Import-Module '$modulePath'
`$environment = '$cloud' | ConvertFrom-Json -AsHashtable
`$completions = @(foreach (`$line in @($lines)) {
    (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.CompletionText -join ','
})
[pscustomobject]@{ Completions = `$completions; Errors = @(`$Error | ForEach-Object { "`$_" }) } | ConvertTo-Json -Depth 4
"@
        $logBefore = @(Get-Content -LiteralPath $graphLog -ErrorAction Ignore).Count
        $previous = @{}
        foreach ($name in $Environment.Keys) { $previous[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        try {
            $run = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $script) -TimeoutSec 120
        }
        finally {
            foreach ($name in $previous.Keys) { [Environment]::SetEnvironmentVariable($name, $previous[$name]) }
        }
        if ($run.ExitCode -ne 0 -or $run.TimedOut) { throw "The lab client failed ($($run.ExitCode)): $($run.StdErr)$($run.StdOut)" }
        $result = $run.StdOut | ConvertFrom-Json
        $result | Add-Member -NotePropertyName StdErr -NotePropertyValue $run.StdErr
        $result | Add-Member -NotePropertyName GraphRequests -NotePropertyValue @(Get-Content -LiteralPath $graphLog | Select-Object -Skip $logBefore | Where-Object { $_ -match 'Microsoft\.ResourceGraph' }).Count
        $result
    }

    # No managed identity, workload identity or service principal in the client's environment.
    $noCredential = @{ IDENTITY_ENDPOINT = $null; MSI_ENDPOINT = $null; AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_CLIENT_SECRET = $null; AZURE_FEDERATED_TOKEN_FILE = $null }
}

AfterAll {
    if ($lab) { Stop-AcrLab -Id $lab.Id }
}

Describe 'Tab completion in the lab' {
    It 'completes -Name from Resource Graph with -AccessToken, -Region from the registry''s replicas, one query for all' {
        $token = $lab.ArmAccessToken
        $result = Invoke-LabCompletion -Line @(
            "Invoke-AcrTroubleshooter -Environment `$environment -AccessToken '$token' -Name contoso"
            "Get-AcrNetworkRule -Environment `$environment -AccessToken '$token' -Name CONTOSOREG"
            "Get-AcrNetworkRule -Environment `$environment -AccessToken '$token' -Name other"
            "Test-AcrEndpoint -Environment `$environment -AccessToken '$token' -Name $($lab.RegistryName) -Region "
        )

        $result.Completions[0] | Should -Be $lab.RegistryName
        $result.Completions[1] | Should -Be $lab.RegistryName
        $result.Completions[2] | Should -BeNullOrEmpty
        $result.Completions[3] | Should -Be 'westus,eastus'
        $result.GraphRequests | Should -Be 1 -Because 'the registries are kept for a minute per cloud and credential'
        $result.Errors | Should -BeNullOrEmpty
        "$($result.StdErr)" | Should -Not -Match ([regex]::Escape($token))
    }

    It 'completes -Name and -Region with the signed-in Az context' {
        $result = Invoke-LabCompletion -Prelude "Import-Module '$standInAz'" -Environment ($noCredential + @{ ACRNETWORK_STANDIN_TOKEN = $lab.ArmAccessToken }) -Line @(
            "Get-AcrEndpoint -Environment `$environment -Name "
            "Get-AcrEndpoint -Environment `$environment -Name $($lab.RegistryName) -Region "
        )

        $result.Completions[0] | Should -Be $lab.RegistryName
        $result.Completions[1] | Should -Be 'westus,eastus'
        $result.GraphRequests | Should -Be 1
    }

    It 'offers nothing, silently, without a credential' {
        $result = Invoke-LabCompletion -Environment $noCredential -Line @(
            "Get-AcrNetworkRule -Environment `$environment -Name conto"
            "Resolve-AcrPrivateDns -Environment `$environment -Name conto"
            "Get-AcrEndpoint -Environment `$environment -Name $($lab.RegistryName) -Region westu"
        )

        $result.Completions[0] | Should -BeNullOrEmpty
        $result.Completions[1] | Should -BeNullOrEmpty
        $result.Completions[2] | Should -Be 'westus,westus2,westus3' -Because 'without the registry, the regions of the cloud are offered'
        $result.Errors | Should -BeNullOrEmpty
        $result.StdErr | Should -BeNullOrEmpty
        $result.GraphRequests | Should -Be 0
    }
}
