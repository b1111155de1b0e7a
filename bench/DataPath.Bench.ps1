<#
.SYNOPSIS
Data-path benchmark, in the lab with added latency: testing a whole registry against one endpoint's
chain, and a firewall that drops packets against the probe deadline.

.DESCRIPTION
Runs the built module as the client of two lab scenarios with -LatencyMs (50 ms by default) on the
client's link, in one pwsh per scenario, after a warm-up run (the first command of a process pays
.NET's compilation, which is not what is measured). Medians of -Runs runs.

- healthy-private-endpoint: a registry with two replicas. Test-AcrEndpoint of the REST endpoint and
  both data endpoints, against Test-AcrEndpoint of the REST endpoint alone (one endpoint's DNS, TCP,
  TLS and HTTP). Target: the registry in at most 1.5 times the single endpoint.
- client-firewall-drops-443: the REST endpoint and the storage host drop SYNs. Target: the whole
  test within -TimeoutSec + 1 s, however many endpoints wait on the dropped packets.
Needs root (the lab). The delay is the lab's tc netem where the kernel has sch_netem, otherwise a
netfilter queue in the client namespace that holds each packet the client sends (NetfilterDelay.ps1).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 1000)] [int] $LatencyMs = 50,
    [ValidateRange(3, 50)] [int] $Runs = 7,
    [ValidateRange(1, 30)] [int] $TimeoutSec = 2
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force

# Runs as the lab client: times each command with a stopwatch around the whole cmdlet call.
$clientScript = @'
$in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($encoded)) | ConvertFrom-Json -AsHashtable
Import-Module $in.ModulePath
function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}
function Measure-Command-Ms([scriptblock] $Command) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $results = @(& $Command)
    [pscustomobject]@{ Ms = $watch.Elapsed.TotalMilliseconds; Results = $results }
}
$result = [ordered]@{}
foreach ($case in $in.Cases) {
    $command = [scriptblock]::Create($case.Command)
    $null = Measure-Command-Ms $command
    $runs = @(1..$in.Runs | ForEach-Object { Measure-Command-Ms $command })
    $last = $runs[-1].Results
    $result[$case.Name] = [ordered]@{
        MedianMs  = [math]::Round((Get-Median $runs.Ms), 1)
        Endpoints = $last.Count
        Stages    = @($last | ForEach-Object { '{0} {1}: {2}{3} (dns {4}, tcp {5}, tls {6}, http {7} ms)' -f $_.Role, $_.Region, $_.Status, $(if ($null -ne $_.FailedStage) { " at $($_.FailedStage)" }), $_.DnsMs, $_.TcpMs, $_.TlsMs, $_.HttpMs })
        ChainMs   = [math]::Round((Get-Median @($runs | ForEach-Object { $r = $_.Results[0]; $r.DnsMs + $r.TcpMs + $r.TlsMs + $r.HttpMs })), 1)
    }
}
ConvertTo-Json -InputObject $result -Depth 5 -Compress
'@

function Start-DelayedLab([string] $Scenario) {
    # netem where the kernel has it (the lab's own -LatencyMs); otherwise the same fixed delay on every
    # packet the client sends, from a netfilter queue in userspace.
    if ($netem) { return [pscustomobject]@{ Lab = Start-AcrLab -Scenario $Scenario -LatencyMs $LatencyMs; Delayer = $null } }
    $lab = Start-AcrLab -Scenario $Scenario
    try {
        # mangle runs before filter, so the scenario's client firewall still drops what it drops.
        & ip netns exec $lab.ClientNamespace iptables -t mangle -A OUTPUT '!' -o lo -j NFQUEUE --queue-num 0 --queue-bypass
        if ($LASTEXITCODE -ne 0) { throw 'Cannot add the NFQUEUE rule to the client namespace.' }
        $start = [System.Diagnostics.ProcessStartInfo]::new('ip')
        foreach ($argument in 'netns', 'exec', $lab.ClientNamespace, [Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive',
            '-File', (Join-Path $PSScriptRoot 'NetfilterDelay.ps1'), '-DelayMs', $LatencyMs) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $delayer = [System.Diagnostics.Process]::Start($start)
        $ready = $delayer.StandardOutput.ReadLineAsync()
        if (-not $ready.Wait(60000) -or $ready.Result -ne 'ready') { throw 'The netfilter queue delay did not start.' }
        [pscustomobject]@{ Lab = $lab; Delayer = $delayer }
    }
    catch {
        Stop-AcrLab -Lab $lab
        throw
    }
}

function Invoke-LabBenchmark([string] $Scenario, [scriptblock] $Cases) {
    $delayed = Start-DelayedLab $Scenario
    $lab = $delayed.Lab
    try {
        $in = @{ ModulePath = $ModulePath; Runs = $Runs; Cases = @(& $Cases $lab) }
        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $in -Depth 5)))
        $run = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -TimeoutSec 600 -ArgumentList @(
            (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', "`$encoded = '$encoded'`n$clientScript")
        if ($run.ExitCode -ne 0) { throw "The benchmark client failed in $Scenario`: $($run.StdErr)" }
        $run.StdOut | ConvertFrom-Json
    }
    finally {
        if ($delayed.Delayer) {
            $delayed.Delayer.Kill()
            $delayed.Delayer.WaitForExit()
        }
        Stop-AcrLab -Lab $lab
    }
}

function Format-Environment($Lab) {
    "@{ Name = 'AcrLab'; ResourceManagerUrl = '$($Lab.Environment.ResourceManagerUrl)'; ContainerRegistryEndpointSuffix = '$($Lab.Environment.ContainerRegistryEndpointSuffix)'; ActiveDirectoryAuthority = '$($Lab.Environment.ActiveDirectoryAuthority)'; StorageEndpointSuffix = '$($Lab.Environment.StorageEndpointSuffix)' }"
}

$netem = Test-AcrLabLatencySupport

$replicas = Invoke-LabBenchmark -Scenario healthy-private-endpoint -Cases {
    param($lab)
    $environment = Format-Environment $lab
    $regions = (@($lab.Endpoints | Where-Object Role -EQ 'Data' | ForEach-Object Region) | ForEach-Object { "'$_'" }) -join ','
    @{ Name = 'OneEndpoint'; Command = "Test-AcrEndpoint -LoginServer '$($lab.LoginServer)' -Environment $environment -TimeoutSec $TimeoutSec" }
    @{ Name = 'Registry'; Command = "Test-AcrEndpoint -LoginServer '$($lab.LoginServer)' -Region $regions -Environment $environment -TimeoutSec $TimeoutSec" }
}

$drops = Invoke-LabBenchmark -Scenario client-firewall-drops-443 -Cases {
    param($lab)
    $environment = Format-Environment $lab
    $endpoints = $lab.Endpoints | ForEach-Object { "[AcrNetwork.RequiredEndpoint]@{ Registry = '$($lab.RegistryName)'; Host = '$($_.Fqdn)'; Purpose = '$($_.Role)'; Region = '$($_.Region)' }" }
    # Together, as the module tests them; then one after the other, as a sequential checker would.
    @{ Name = 'DroppedTogether'; Command = "@($($endpoints -join ', ')) | Test-AcrEndpoint -Environment $environment -TimeoutSec $TimeoutSec" }
    @{ Name = 'Dropped'; Command = ($endpoints | ForEach-Object { "$_ | Test-AcrEndpoint -Environment $environment -TimeoutSec $TimeoutSec" }) -join '; ' }
}

$ratio = $replicas.Registry.MedianMs / $replicas.OneEndpoint.MedianMs
[pscustomobject]@{
    'Latency added (ms)'                       = "$LatencyMs ($(if ($netem) { 'tc netem' } else { 'netfilter queue: this kernel has no tc netem' }))"
    'Runs'                                     = $Runs
    'One endpoint, DNS+TCP+TLS+HTTP (ms)'      = $replicas.OneEndpoint.MedianMs
    'One endpoint, sum of stages (ms)'         = $replicas.OneEndpoint.ChainMs
    'REST + 2 data endpoints (ms)'             = $replicas.Registry.MedianMs
    'Registry / one endpoint'                  = [math]::Round($ratio, 2)
    'Within 1.5x'                              = $ratio -le 1.5
    "Two dropped endpoints, -TimeoutSec $TimeoutSec (ms)" = $drops.DroppedTogether.MedianMs
    'Target (ms)'                              = ($TimeoutSec + 1) * 1000
    'Within -TimeoutSec + 1 s'                 = $drops.DroppedTogether.MedianMs -le ($TimeoutSec + 1) * 1000
    'Two dropped endpoints, one after the other (ms)' = $drops.Dropped.MedianMs
} | Format-List | Out-Host
$replicas.Registry.Stages + $drops.DroppedTogether.Stages | ForEach-Object { "  $_" } | Out-Host
