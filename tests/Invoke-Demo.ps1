<#
.SYNOPSIS
The demo: brings up each lab scenario in turn and runs Invoke-AcrTroubleshooter in it as the lab's client,
with the lab's ARM configuration available, and prints each diagnosis as a user sees it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    # Scenario names to show; all of them by default.
    [string[]] $Scenario
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force

# What the client runs: the troubleshooter as a user types it, with the lab's cloud, its ARM token (passed in the
# environment, never on a command line) and the lab's image to follow; the diagnosis shows in its default view.
$clientScript = @'
param($ModulePath, $EnvironmentJson, $LoginServer, $Repository)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
Invoke-AcrTroubleshooter -LoginServer $LoginServer -Environment $environment -AccessToken $env:ACRLAB_ARM_TOKEN -Repository $Repository -TimeoutSec 3 |
    Out-String -Width 120
'@

$scenarios = if ($Scenario) { $Scenario | ForEach-Object { Get-AcrLabScenario -Name $_ } } else { Get-AcrLabScenario }
$pwsh = @(Get-PwshCommand)
foreach ($entry in $scenarios) {
    Write-Host ''
    Write-Host "=== $($entry.Name)" -ForegroundColor Cyan
    Write-Host $entry.Description
    $lab = Start-AcrLab -Scenario $entry.Name
    try {
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
            "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -LoginServer '$($lab.LoginServer)' -Repository '$($lab.Repository)'")
        $env:ACRLAB_ARM_TOKEN = $lab.ArmAccessToken
        try {
            $result = Invoke-AcrLabCommand -Lab $lab -FilePath $pwsh[0] -ArgumentList $arguments -TimeoutSec 120
        }
        finally {
            Remove-Item Env:ACRLAB_ARM_TOKEN
        }
        Write-Host $result.StdOut
        if ($result.ExitCode -ne 0) { Write-Host $result.StdErr -ForegroundColor Red }
    }
    finally {
        Stop-AcrLab -Lab $lab
    }
}
