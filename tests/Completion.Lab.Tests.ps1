#requires -Modules Pester
# Tab completion of registry names, regions and repositories as the lab's client sees it: TabExpansion2 in a pwsh inside
# the client namespace, reading the lab's Resource Graph with -AccessToken or the Az context (the stand-in
# Az.Accounts), and with no credential at all. Needs root, like the lab.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force
    $standInAz = Join-Path $PSScriptRoot 'stand-ins/Az.Accounts'
    # A registry replicated from westus to eastus.
    $lab = Start-AcrLabSuite -Scenario data-endpoint-region-blocked

    function Invoke-LabCompletion {
        <#
        .SYNOPSIS
        Completes each line in one pwsh as the lab's client; returns the completions of each line (joined
        by commas), what the
        session wrote to its error stream, and the Resource Graph requests the completions caused.
        #>
        param([Parameter(Mandatory)] [string[]] $Line, [string] $Prelude = '', [hashtable] $Environment = @{})
        $run = Invoke-AcrLabClient -Lab $lab -TimeoutSec 120 -Environment $Environment -InputObject @{ Environment = $lab.Environment; Lines = $Line } -Script @"
$Prelude
Import-Module `$in.ModulePath
`$environment = `$in.Environment
`$completions = @(foreach (`$line in `$in.Lines) {
    (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.CompletionText -join ','
})
'<<RESULT>>' + ([pscustomobject]@{ Completions = `$completions; Errors = @(`$Error | ForEach-Object { "`$_" }) } | ConvertTo-Json -Depth 4)
"@
        if ($run.ExitCode -ne 0 -or $run.TimedOut) { throw "The lab client failed ($($run.ExitCode)): $($run.StdErr)$($run.StdOut)" }
        $result = $run.Output
        $result | Add-Member -NotePropertyName StdErr -NotePropertyValue $run.StdErr
        $result | Add-Member -NotePropertyName GraphRequests -NotePropertyValue @($run.AccessLog | Where-Object { $_ -match 'Microsoft\.ResourceGraph' }).Count
        $result | Add-Member -NotePropertyName CatalogRequests -NotePropertyValue @($run.AccessLog | Where-Object { $_ -match 'GET /v2/_catalog' }).Count
        $result
    }

    # No managed identity, workload identity or service principal in the client's environment.
    $noCredential = @{ IDENTITY_ENDPOINT = $null; MSI_ENDPOINT = $null; AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_CLIENT_SECRET = $null; AZURE_FEDERATED_TOKEN_FILE = $null }
}

AfterAll {
    Stop-AcrLabSuite
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

    It 'completes -Repository from the registry''s catalog with -AccessToken, one catalog read for all, no token shown' {
        $token = $lab.ArmAccessToken
        $repository = ($lab.Repository -split ':')[0]
        $result = Invoke-LabCompletion -Line @(
            "Test-AcrEndpoint -Environment `$environment -AccessToken '$token' -Name $($lab.RegistryName) -Repository "
            "Invoke-AcrTroubleshooter -Environment `$environment -AccessToken '$token' -LoginServer $($lab.LoginServer) -Repository $($repository.Substring(0, 3))"
            "Invoke-AcrTroubleshooter -Environment `$environment -AccessToken '$token' -LoginServer $($lab.LoginServer) -Repository zz"
        )

        $result.Completions[0] | Should -Be $repository
        $result.Completions[1] | Should -Be $repository
        $result.Completions[2] | Should -BeNullOrEmpty
        $result.CatalogRequests | Should -Be 1 -Because 'the catalog is kept for a minute per registry and credential'
        $result.Errors | Should -BeNullOrEmpty
        "$($result.StdErr)" | Should -Not -Match ([regex]::Escape($token))
    }

    It 'offers no repository, silently, without a credential or a registry' {
        $result = Invoke-LabCompletion -Environment $noCredential -Line @(
            "Test-AcrEndpoint -Environment `$environment -Name $($lab.RegistryName) -Repository "
            "Test-AcrEndpoint -Environment `$environment -Repository "
        )

        $result.Completions[0] | Should -BeNullOrEmpty
        $result.Completions[1] | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.StdErr | Should -BeNullOrEmpty
        $result.CatalogRequests | Should -Be 0
    }
}
