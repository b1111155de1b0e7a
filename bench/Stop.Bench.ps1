<#
.SYNOPSIS
Stop benchmark: how long Ctrl+C takes to end a diagnosis whose probes and ARM read hang, and to release its sockets.

.DESCRIPTION
In the client-firewall-drops-443 lab with the ARM fault RegistryHangs (the firewall drops every packet to the
registry; ARM accepts the registry's request and never answers), runs Invoke-AcrTroubleshooter -TimeoutSec 30
in a PowerShell instance, waits until the ARM request and a probe are both in flight, and calls Stop() on it,
-Runs times in one process. Each run reports how long Stop() took, when the process's socket count was back
to what it was before the command (polled for a second), which TCP connections it still held, and its child
processes. Prints the runs and their median; writes them to bench/results/stop.md (or -ResultPath).
Needs root (the lab).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 50)] [int] $Runs = 10,
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results/stop.md'),
    # Also return the runs, for a test to judge.
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Install-AcrLabPrerequisite

$clientScript = @'
param($ModulePath, $EnvironmentJson, $LoginServer, $Runs)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
$armHost = ([uri]$environment.ResourceManagerUrl).Host
$armAddress = [System.Net.Dns]::GetHostAddresses($armHost)[0].ToString()
# The process's TCP connections in the client namespace, but those in TIME-WAIT, which no process holds.
function Get-OwnConnection { @(ss -tnpH | Where-Object { $_ -match "pid=$PID," -and $_ -notmatch '^TIME-WAIT' }) }
# Every socket the process holds (TCP, UDP, Unix), read without starting a process.
function Get-SocketCount { @(Get-ChildItem /proc/self/fd | Where-Object { $_.LinkTarget -like 'socket:*' }).Count }
function Get-ChildProcess { @(Get-ChildItem "/proc/$PID/task/*/children" | Get-Content | ForEach-Object { $_ -split ' ' } | Where-Object { $_ }) }
foreach ($run in 1..$Runs) {
    $before = Get-SocketCount
    $shell = [powershell]::Create()
    $null = $shell.AddScript('param($module, $login, $environment) Import-Module $module; Invoke-AcrTroubleshooter -LoginServer $login -Environment $environment -AccessToken $env:ACRLAB_ARM_TOKEN -TimeoutSec 30').
        AddArgument($ModulePath).AddArgument($LoginServer).AddArgument($environment)
    $handle = $shell.BeginInvoke()
    # Wait until a connection to ARM is open and a probe waits on a dropped SYN.
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    do {
        Start-Sleep -Milliseconds 100
        $open = Get-OwnConnection
        $arm = @($open | Where-Object { $_ -match '^ESTAB' -and $_ -match ([regex]::Escape($armAddress) + '\]?:443 ') })
        $probes = @($open | Where-Object { $_ -match '^SYN-SENT' })
    } until (($arm.Count -gt 0 -and $probes.Count -gt 0) -or [DateTime]::UtcNow -gt $deadline)
    # Time for the registry's request to be sent; its answer never comes.
    Start-Sleep -Milliseconds 300
    $running = -not $handle.IsCompleted
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $shell.Stop()
    $stopMs = $watch.Elapsed.TotalMilliseconds
    do {
        $sockets = Get-SocketCount
        if ($sockets -le $before) { break }
        Start-Sleep -Milliseconds 20
    } while ($watch.ElapsedMilliseconds -lt 1000)
    $releasedMs = $watch.Elapsed.TotalMilliseconds
    $left = @(Get-OwnConnection)
    $state = "$($shell.InvocationStateInfo.State)"
    $shell.Dispose()
    '<<RUN>>' + (ConvertTo-Json -Compress -InputObject ([ordered]@{
        Run = $run; Running = $running; ArmInFlight = $arm.Count; ProbesInFlight = $probes.Count; State = $state
        StopMs = [math]::Round($stopMs, 1); ReleasedMs = [math]::Round($releasedMs, 1); Before = $before; Sockets = $sockets
        Left = @($left); Children = @(Get-ChildProcess)
    }))
}
'@

$lab = Start-AcrLab -Scenario client-firewall-drops-443 -ArmFault RegistryHangs
try {
    $env:ACRLAB_ARM_TOKEN = $lab.ArmAccessToken
    $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
        "& { $clientScript } -ModulePath '$ModulePath' -EnvironmentJson '$($lab.Environment | ConvertTo-Json -Compress)' -LoginServer '$($lab.LoginServer)' -Runs $Runs")
    $run = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList $arguments -TimeoutSec (60 + 30 * $Runs)
}
finally {
    Remove-Item Env:ACRLAB_ARM_TOKEN -ErrorAction Ignore
    Stop-AcrLab -Lab $lab
}

$results = @($run.StdOut -split "`n" | Where-Object { $_.StartsWith('<<RUN>>') } | ForEach-Object { $_.Substring(7) | ConvertFrom-Json })
if ($results.Count -eq 0) { throw "The client reported no run (exit code $($run.ExitCode)): $($run.StdOut) $($run.StdErr)" }

function Get-Median([double[]] $Values) { $sorted = @($Values | Sort-Object); $sorted[[math]::Floor($sorted.Count / 2)] }
$table = @(
    '| Run | Stop() (ms) | Sockets back to before (ms) | Sockets before / after | TCP connections left | Child processes |'
    '| ---: | ---: | ---: | ---: | ---: | ---: |'
    foreach ($result in $results) {
        '| {0} | {1} | {2} | {3} / {4} | {5} | {6} |' -f $result.Run, $result.StopMs, $result.ReleasedMs, $result.Before, $result.Sockets, @($result.Left).Count, @($result.Children).Count
    }
)
$summary = 'Median of {0} runs: Stop() returned in {1} ms; the sockets were back to their count before the command {2} ms after Stop() began (max {3} ms).' -f $results.Count,
    (Get-Median $results.StopMs), (Get-Median $results.ReleasedMs), ($results.ReleasedMs | Measure-Object -Maximum).Maximum
$table | Write-Host
$summary | Write-Host

$header = @(
    '# Stop: Ctrl+C during a diagnosis whose probes and ARM read hang'
    ''
    'Measured by `bench/Stop.Bench.ps1` on {0:yyyy-MM-dd} (.NET {1}, PowerShell {2}, {3} logical CPUs shared with other work), in the `client-firewall-drops-443` lab with the ARM fault `RegistryHangs`: `Invoke-AcrTroubleshooter -TimeoutSec 30` is stopped once the ARM request and a probe are both in flight. The goal is 1 s for both figures.' -f (Get-Date), [Environment]::Version, $PSVersionTable.PSVersion, [Environment]::ProcessorCount
    ''
    $summary
    ''
)
New-Item -ItemType Directory -Force -Path (Split-Path $ResultPath) | Out-Null
Set-Content -LiteralPath $ResultPath -Value ($header + $table) -Encoding utf8
"Stop figures written to $ResultPath" | Write-Host
if ($PassThru) { $results }
