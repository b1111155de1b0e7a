<#
.SYNOPSIS
Fleet benchmark: 100 registries read from Resource Graph and diagnosed in one pipeline, in the lab.

.DESCRIPTION
Brings up the lab's healthy scenario with the Fleet ARM fault: Resource Graph holds 200 registries (50 a page)
whose login servers the lab's DNS answers as the scenario registry's own, so each is reached through the same
front door. As the lab's client, in one pwsh per run, the module is imported and warmed up with one offline call,
then `Get-AcrNetworkRule -All | Select-Object -First 100 | Invoke-AcrTroubleshooter` is timed. Prints the wall
time (median of -Runs), the median of the diagnoses' own durations, the verdicts and primary codes, and the ARM
requests the lab's front door logged. Writes bench/results/fleet.md. Needs root (the lab). Target: under 3 s.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 20)] [int] $Runs = 5,
    [ValidateRange(1, 200)] [int] $Count = 100,
    [ValidateRange(1, 30)] [int] $TimeoutSec = 3,
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results/fleet.md')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Install-AcrLabPrerequisite

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$clientScript = @'
param($ModulePath, $EnvironmentJson, $Count, $TimeoutSec)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
$null = Get-AcrEndpoint -Name warmup01
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$diagnoses = @(Get-AcrNetworkRule -All -Environment $environment -AccessToken $env:ACRLAB_ARM_TOKEN |
    Select-Object -First $Count |
    Invoke-AcrTroubleshooter -Environment $environment -AccessToken $env:ACRLAB_ARM_TOKEN -TimeoutSec $TimeoutSec)
$elapsed = $watch.Elapsed.TotalMilliseconds
[pscustomobject]@{
    WallMs      = $elapsed
    DurationsMs = @($diagnoses | ForEach-Object { $_.Duration.TotalMilliseconds })
    Outcomes    = @($diagnoses | ForEach-Object { '{0} {1}' -f $_.Verdict, $(if ($_.PrimaryFinding) { $_.PrimaryFinding.Code } else { '-' }) })
} | ConvertTo-Json -Compress
'@

$lab = Start-AcrLab -Scenario healthy -ArmFault Fleet
try {
    $env:ACRLAB_ARM_TOKEN = $lab.ArmAccessToken
    $accessLog = Join-Path $lab.WorkDir 'nginx/access.log'
    $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
        "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -Count $Count -TimeoutSec $TimeoutSec")
    $samples = for ($run = 0; $run -lt $Runs; $run++) {
        $before = @(Get-Content -LiteralPath $accessLog -ErrorAction Ignore).Count
        $result = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList $arguments -TimeoutSec 300
        if ($result.ExitCode -ne 0) { throw "The benchmark run failed: $($result.StdErr)$($result.StdOut)" }
        $measured = ($result.StdOut.Trim() -split "`n")[-1] | ConvertFrom-Json
        $logged = @(Get-Content -LiteralPath $accessLog | Select-Object -Skip $before | Where-Object { $_ -match ' management\.lab\.test "' })
        [pscustomobject]@{
            WallMs        = [double]$measured.WallMs
            Diagnoses     = @($measured.DurationsMs).Count
            PerRegistryMs = Get-Median $measured.DurationsMs
            Outcomes      = @($measured.Outcomes)
            ArmRequests   = $logged.Count
            GraphRequests = @($logged | Where-Object { $_ -match '"POST /providers/Microsoft.ResourceGraph/' }).Count
        }
    }
}
finally {
    Remove-Item Env:ACRLAB_ARM_TOKEN -ErrorAction Ignore
    Stop-AcrLab -Lab $lab
}

$wall = @($samples.WallMs | Sort-Object)
$outcomes = @($samples[-1].Outcomes | Group-Object | Sort-Object Count -Descending | ForEach-Object { '{0} x{1}' -f $_.Name, $_.Count }) -join ', '
$summary = [pscustomobject]@{
    Runs                             = $Runs
    'Registries diagnosed'           = ($samples.Diagnoses | Sort-Object -Unique) -join ', '
    'Wall time (ms, median)'         = [math]::Round((Get-Median $wall), 0)
    'Fastest / slowest (ms)'         = '{0:F0} / {1:F0}' -f $wall[0], $wall[-1]
    'Per registry (ms, median)'      = [math]::Round((Get-Median $samples.PerRegistryMs), 0)
    'ARM requests (lab log, per run)' = ($samples.ArmRequests | Sort-Object -Unique) -join ', '
    'of which Resource Graph pages'  = ($samples.GraphRequests | Sort-Object -Unique) -join ', '
    'Verdicts and primary codes'     = $outcomes
    'Target (ms)'                    = 3000
    'Within target'                  = (Get-Median $wall) -lt 3000
}
$summary | Format-List | Out-Host

$load = (Get-Content -LiteralPath /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 3
$cpu = (Get-Content -LiteralPath /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$lines = @(
    '# A fleet of registries: Get-AcrNetworkRule -All | Invoke-AcrTroubleshooter in the lab'
    ''
    "Written by ``bench/Fleet.Bench.ps1`` (``./build.ps1 Bench``). The lab's healthy scenario with the Fleet ARM fault: Resource"
    "Graph holds 200 registries, 50 a page; the first $Count are piped into ``Invoke-AcrTroubleshooter -TimeoutSec $TimeoutSec``"
    '(its default -ThrottleLimit, 8) in one pwsh, after the import and one offline warm-up call. Each run is a fresh pwsh.'
    ''
    "Machine: $cpu, $([Environment]::ProcessorCount) CPUs, load average $($load -join ' ') at the end; .NET $([Environment]::Version); PowerShell $($PSVersionTable.PSVersion); $([datetime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC."
    ''
    '| Measure | Value |'
    '| --- | --- |'
) + @($summary.PSObject.Properties | ForEach-Object { "| $($_.Name) | $($_.Value) |" })
Set-Content -LiteralPath $ResultPath -Value $lines
Write-Host "Results: $ResultPath"
