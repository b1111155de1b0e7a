<#
.SYNOPSIS
Troubleshooter benchmark: how long one diagnosis takes against its -TimeoutSec, cold and warm.

.DESCRIPTION
Runs Invoke-AcrTroubleshooter as the client of a few lab scenarios, in one pwsh per scenario, with the lab's
ARM configuration (-AccessToken) and its image to follow: first in a fresh process (which also loads the Azure
SDK and compiles the module's code), then -Runs times warm. Prints the cold time and the warm median per
scenario next to the goal, -TimeoutSec + 2 s. Needs root (the lab).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 20)] [int] $Runs = 5,
    [ValidateRange(1, 30)] [int] $TimeoutSec = 3,
    [string[]] $Scenario = @('healthy', 'client-firewall-drops-443', 'data-endpoint-region-blocked', 'private-endpoint-ip-unreachable', 'proxy-down')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Install-AcrLabPrerequisite

$clientScript = @'
param($ModulePath, $EnvironmentJson, $LoginServer, $Repository, $TimeoutSec, $Runs)
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
$seconds = foreach ($run in 0..$Runs) {
    (Invoke-AcrTroubleshooter -LoginServer $LoginServer -Environment $environment -AccessToken $env:ACRLAB_ARM_TOKEN -Repository $Repository -TimeoutSec $TimeoutSec).Duration.TotalSeconds
}
$warm = @($seconds | Select-Object -Skip 1 | Sort-Object)
'{0:F2} {1:F2}' -f $seconds[0], $warm[[math]::Floor($warm.Count / 2)]
'@

foreach ($name in $Scenario) {
    $lab = Start-AcrLab -Scenario $name
    try {
        $env:ACRLAB_ARM_TOKEN = $lab.ArmAccessToken
        $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
            "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -LoginServer '$($lab.LoginServer)' -Repository '$($lab.Repository)' -TimeoutSec $TimeoutSec -Runs $Runs")
        $run = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList $arguments -TimeoutSec 300
        $cold, $warm = ($run.StdOut.Trim() -split '\s+')[-2, -1]
        '{0,-34} cold {1,6} s  warm median {2,6} s  goal < {3} s' -f $name, $cold, $warm, ($TimeoutSec + 2)
    }
    finally {
        Remove-Item Env:ACRLAB_ARM_TOKEN -ErrorAction Ignore
        Stop-AcrLab -Lab $lab
    }
}
