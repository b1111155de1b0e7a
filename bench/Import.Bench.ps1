<#
.SYNOPSIS
Import-time benchmark: the module's own cold import cost in a fresh pwsh, and the whole-process figure.

.DESCRIPTION
Each run starts a new pwsh. The first command of a fresh pwsh pays the engine's own warm-up, so the
module's import is timed after a warm-up command (Get-Date); the cold whole-process time of
`pwsh -c Import-Module` is reported next to that of `pwsh -c Get-Date`. Medians of -Runs runs. Next to the
times, the methods the runtime compiled during the import and the first command (a count that machine load
does not change: what ReadyToRun code or a lighter import saves). Both in the PowerShell .NET tool this repository
pins (IL only: it compiles PowerShell itself as it goes) and in a ReadyToRun copy of it, as PowerShell's released
packages run. Target: the module's import under 150 ms.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(3, 50)] [int] $Runs = 11
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'ReadyToRunPwsh.psm1') -Force

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Process([string] $Script, [string[]] $Pwsh) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = Invoke-ChildPwsh -Script $Script -PwshCommand $Pwsh
    $watch.Stop()
    if ($result.ExitCode -ne 0) { throw "Benchmark child failed: $($result.StdErr)" }
    [pscustomobject]@{ WallMs = $watch.Elapsed.TotalMilliseconds; Output = $result.StdOut }
}

$inProcess = @"
`$null = Get-Date
`$compiled = [System.Runtime.JitInfo]::GetCompiledMethodCount()
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModulePath'
`$import = `$watch.Elapsed.TotalMilliseconds
`$importCompiled = [System.Runtime.JitInfo]::GetCompiledMethodCount() - `$compiled
`$null = Get-AcrEndpoint -Name bench01
'{0:F1} {1:F1} {2} {3}' -f `$import, (`$watch.Elapsed.TotalMilliseconds - `$import), `$importCompiled, ([System.Runtime.JitInfo]::GetCompiledMethodCount() - `$compiled - `$importCompiled)
"@

$powerShells = [ordered]@{
    'pwsh .NET tool (IL only)'       = @(Get-PwshCommand)
    'pwsh ReadyToRun, as released'   = @(Get-ReadyToRunPwshCommand -Path (Join-Path $PSScriptRoot '../out/bench'))
}
foreach ($powerShell in $powerShells.GetEnumerator()) {
    $pwsh = $powerShell.Value
    $importMs = [System.Collections.Generic.List[double]]::new()
    $firstCommandMs = [System.Collections.Generic.List[double]]::new()
    $processImportMs = [System.Collections.Generic.List[double]]::new()
    $processBaselineMs = [System.Collections.Generic.List[double]]::new()
    $importCompiled = [System.Collections.Generic.List[double]]::new()
    $firstCommandCompiled = [System.Collections.Generic.List[double]]::new()

    $null = Measure-Process 'Get-Date' $pwsh   # warm the file cache once
    for ($run = 0; $run -lt $Runs; $run++) {
        $parts = (Measure-Process $inProcess $pwsh).Output.Trim() -split ' '
        $importMs.Add([double]::Parse($parts[0], [cultureinfo]::InvariantCulture))
        $firstCommandMs.Add([double]::Parse($parts[1], [cultureinfo]::InvariantCulture))
        $importCompiled.Add([double]$parts[2])
        $firstCommandCompiled.Add([double]$parts[3])
        $processImportMs.Add((Measure-Process "Import-Module '$ModulePath'" $pwsh).WallMs)
        $processBaselineMs.Add((Measure-Process '$null = Get-Date' $pwsh).WallMs)
    }

    $importMedian = Get-Median $importMs
    [pscustomobject]@{
        PowerShell                  = $powerShell.Key
        Runs                        = $Runs
        'Import-Module (ms, median)' = [math]::Round($importMedian, 1)
        'First command (ms, median)' = [math]::Round((Get-Median $firstCommandMs), 1)
        'Methods compiled: import / first command (median)' = '{0} / {1}' -f (Get-Median $importCompiled), (Get-Median $firstCommandCompiled)
        'pwsh -c Import-Module (ms)' = [math]::Round((Get-Median $processImportMs), 1)
        'pwsh -c Get-Date (ms)'      = [math]::Round((Get-Median $processBaselineMs), 1)
        'Target (ms)'                = 150
        'Within target'              = $importMedian -lt 150
    } | Format-List | Out-Host
}
