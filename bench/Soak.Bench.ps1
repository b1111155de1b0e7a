<#
.SYNOPSIS
Soak benchmark: resource use of many diagnoses in one PowerShell session.

.DESCRIPTION
Runs -Diagnoses Invoke-AcrTroubleshooter calls in one pwsh, as the client of one lab, rotating through five
kinds of diagnosis that take different paths through the module: the full ARM read (registry, replications,
private endpoint, NIC, DNS zone group, zone records and links) with the pull path; an identity ARM refuses
(no configuration); a registry that does not exist (NXDOMAIN and a Resource Graph miss); the public resolver
(private endpoint DNS not used, the firewall's 403); and -Proxy naming an address where nothing listens. One process lives
in one network namespace, so the scenarios mixed are these paths through the healthy-private-endpoint lab.

Every -Every diagnoses it records the working set, private memory, managed heap (after a full collection),
open file descriptors, sockets among them, and threads; prints them and writes them to
bench/results/soak.md (or -ResultPath). Needs root (the lab).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(10, 100000)] [int] $Diagnoses = 1000,
    [ValidateRange(1, 10000)] [int] $Every = 100,
    [string] $Scenario = 'healthy-private-endpoint',
    # Where the working set must level off; see the justification written with the figures.
    [ValidateRange(100, 4096)] [int] $WorkingSetBoundMB = 220,
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results/soak.md'),
    # Also return the samples, for a test to judge.
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Install-AcrLabPrerequisite

# The client: prints one '<<ROW>>' JSON line per sample. Sample 0 is taken after one diagnosis of each kind,
# when the Azure SDK is loaded and the code compiled.
$clientScript = @'
param($ModulePath, $EnvironmentJson, $LoginServer, $Repository, $Diagnoses, $Every)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
$common = @{ Environment = $environment; TimeoutSec = 2 }
$kinds = @(
    { Invoke-AcrTroubleshooter -LoginServer $LoginServer @common -AccessToken $env:ACRLAB_ARM_TOKEN -Repository $Repository }
    { Invoke-AcrTroubleshooter -LoginServer $LoginServer @common -AccessToken $env:ACRLAB_PULL_TOKEN -Repository $Repository }
    { Invoke-AcrTroubleshooter -Name 'contosomissing' @common -AccessToken $env:ACRLAB_ARM_TOKEN }
    { Invoke-AcrTroubleshooter -LoginServer $LoginServer @common -AccessToken $env:ACRLAB_ARM_TOKEN -DnsServer 198.51.100.53 }
    { Invoke-AcrTroubleshooter -LoginServer $LoginServer @common -AccessToken $env:ACRLAB_ARM_TOKEN -Proxy 'http://10.0.0.1:3128' }
)
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$clock = [System.Diagnostics.Stopwatch]::StartNew()
function Write-Sample([int] $Done, $Verdicts) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $process.Refresh()
    $descriptors = @(Get-ChildItem /proc/self/fd -ErrorAction Ignore | ForEach-Object { $_.LinkTarget })
    '<<ROW>>' + (ConvertTo-Json -Compress -InputObject ([ordered]@{
        Diagnoses   = $Done
        Seconds     = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        WorkingSetMB = [math]::Round($process.WorkingSet64 / 1MB, 1)
        PrivateMB   = [math]::Round($process.PrivateMemorySize64 / 1MB, 1)
        HeapMB      = [math]::Round([GC]::GetTotalMemory($false) / 1MB, 1)
        Descriptors = $descriptors.Count
        Sockets     = @($descriptors | Where-Object { $_ -like 'socket:*' }).Count
        Threads     = $process.Threads.Count
        Verdicts    = $Verdicts
    }))
}
foreach ($kind in $kinds) { $null = & $kind }
$verdicts = @{}
Write-Sample 0 $verdicts
for ($done = 1; $done -le $Diagnoses; $done++) {
    $diagnosis = & $kinds[($done - 1) % $kinds.Count]
    $verdicts["$($diagnosis.Verdict)"] = 1 + [int]$verdicts["$($diagnosis.Verdict)"]
    if ($done % $Every -eq 0) { Write-Sample $done $verdicts }
}
'@

$lab = Start-AcrLab -Scenario $Scenario
try {
    $env:ACRLAB_ARM_TOKEN = $lab.ArmAccessToken
    $env:ACRLAB_PULL_TOKEN = $lab.PullAccessToken
    $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
        "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -LoginServer '$($lab.LoginServer)' -Repository '$($lab.Repository)' -Diagnoses $Diagnoses -Every $Every")
    $run = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList $arguments -TimeoutSec ([math]::Max(600, $Diagnoses * 3))
}
finally {
    Remove-Item Env:ACRLAB_ARM_TOKEN, Env:ACRLAB_PULL_TOKEN -ErrorAction Ignore
    Stop-AcrLab -Lab $lab
}

$rows = @($run.StdOut -split "`n" | Where-Object { $_.StartsWith('<<ROW>>') } | ForEach-Object { $_.Substring(7) | ConvertFrom-Json })
if ($rows.Count -lt 2) { throw "The soak ended early (exit code $($run.ExitCode)): $($run.StdErr)" }

$table = @(
    '| Diagnoses | Seconds | Working set (MB) | Private (MB) | Managed heap (MB) | File descriptors | Sockets | Threads |'
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
    foreach ($row in $rows) {
        '| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} |' -f $row.Diagnoses, $row.Seconds, $row.WorkingSetMB, $row.PrivateMB, $row.HeapMB, $row.Descriptors, $row.Sockets, $row.Threads
    }
)
$table | Write-Host
$last = $rows[-1]
$verdicts = ($last.Verdicts.PSObject.Properties | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
'Verdicts: {0}' -f $verdicts | Write-Host

$peak = ($rows | Measure-Object WorkingSetMB -Maximum).Maximum
$secondHalf = @($rows | Where-Object Diagnoses -GE ($Diagnoses / 2))
$lateGrowth = ($secondHalf | Measure-Object WorkingSetMB -Maximum).Maximum - $secondHalf[0].WorkingSetMB
$bound = 'Bound: the working set stays under {0} MB. Peak {1} MB; over the second half of the run it grew {2:0.#} MB ({3}).' -f $WorkingSetBoundMB, $peak, $lateGrowth,
    $(if ($peak -lt $WorkingSetBoundMB) { 'held' } else { 'EXCEEDED' })
$bound | Write-Host

$header = @(
    '# Soak: {0} diagnoses in one PowerShell session' -f $Diagnoses
    ''
    'Measured by `bench/Soak.Bench.ps1` on {0:yyyy-MM-dd} (.NET {1}, PowerShell {2}, {3} logical CPUs shared with other work), as the client of the `{4}` lab. Diagnoses rotate through five paths: full ARM read with the pull path; an identity ARM refuses; a registry that does not exist; the public resolver (firewall 403); -Proxy naming an address where nothing listens. Verdicts: {5}.' -f (Get-Date), [Environment]::Version, $PSVersionTable.PSVersion, [Environment]::ProcessorCount, $Scenario, $verdicts
    ''
    'Each row is taken after a full garbage collection; row 0 after one diagnosis of each kind (SDK loaded, code compiled).'
    ''
    $bound
    ''
    ('Why it levels off: nothing a diagnosis opens outlives its command. Each command owns one ARM connection pool (closed when the command ends or is stopped), ' +
        'each probe its own HTTP session and DNS client (disposed with the probe), and the caches of private DNS zones and provider registrations live in that ' +
        'command''s ARM reader; no cache is static. The managed heap stays flat after a full collection. What grows between row 0 and the plateau is native: ' +
        'code re-compiled by tiered JIT as paths get hot, TLS (OpenSSL) session state and the GC''s reserved segments, all of which stop growing once every path has run. ' +
        'The bound is the first sample (about 150 MB: PowerShell, the module and the Azure SDK loaded) plus some 70 MB for that; sockets, descriptors and threads must stay flat.')
    ''
)
New-Item -ItemType Directory -Force -Path (Split-Path $ResultPath) | Out-Null
Set-Content -LiteralPath $ResultPath -Value ($header + $table) -Encoding utf8
"Soak figures written to $ResultPath" | Write-Host
if ($PassThru) { $rows }
