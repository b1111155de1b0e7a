<#
.SYNOPSIS
The demo: brings up each lab scenario in turn and runs the module in it as the lab's client would.
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

# What the client runs, with the lab's cloud and registry passed in as arguments.
$clientScript = @'
param($ModulePath, $EnvironmentJson, $Registry)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
Get-AcrEndpoint -Name $Registry -Environment $environment | Format-Table -AutoSize | Out-String -Width 160
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
            "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -Registry '$($lab.RegistryName)'")
        $result = Invoke-AcrLabCommand -Lab $lab -FilePath $pwsh[0] -ArgumentList $arguments -TimeoutSec 120
        Write-Host $result.StdOut
        if ($result.ExitCode -ne 0) { Write-Host $result.StdErr -ForegroundColor Red }
    }
    finally {
        Stop-AcrLab -Lab $lab
    }
}
