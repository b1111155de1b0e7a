<#
.SYNOPSIS
Side by side with the peer: `az acr check-health` and Invoke-AcrTroubleshooter in every lab scenario, as a new user runs them.

.DESCRIPTION
The user has no Azure credential: the Azure CLI is installed (Debian's azure-cli, installed here when missing)
but not signed in. For each lab scenario named (by default the causes users most often bring), as the lab's client and alternating, -Runs times each:
`az acr check-health -n <registry> --ignore-errors --yes` (the CLI knows the lab's cloud, registered in a
configuration directory of the run's own, and trusts the lab CA as the client does) and
`pwsh -c 'Import-Module …; Invoke-AcrTroubleshooter -Name <registry> -TimeoutSec 3'`, each as a whole process,
ours twice: in the PowerShell .NET tool this repository pins, whose assemblies are IL only, and in a ReadyToRun copy
of it (bench/ReadyToRunPwsh.psm1), as PowerShell's released packages run; then ours in-process: one pwsh imports
the module and diagnoses -Runs + 1 times, the first call excluded.
A peer run that takes longer than -PeerPatienceSec is not repeated. Writes bench/results/latest.md: the machine,
then per scenario the median and spread of each, the peer's error codes, our primary finding, the ratio, and
whether each named the scenario's cause. Needs root (the lab).

Targets: in-process under 150 ms; whole process within 1.5x of the peer where the peer fails fast; dropped
packets within -TimeoutSec + 1.5 s and at least 20x faster than the peer.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 20)] [int] $Runs = 3,
    [ValidateRange(1, 30)] [int] $TimeoutSec = 3,
    [ValidateRange(5, 600)] [int] $PeerPatienceSec = 30,
    # The causes the peer is usually asked about; the whole catalogue takes an hour on a small machine.
    [string[]] $Scenario = @('healthy', 'name-not-found', 'public-blocked-by-ip-rule', 'tls-interception', 'registry-throttled',
        'client-firewall-rejects-443', 'proxy-auth-required', 'private-endpoint-dns-resolves-public', 'client-firewall-drops-443'),
    [string] $OutFile = (Join-Path $PSScriptRoot 'results/latest.md')
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tests/TestHelpers.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'ReadyToRunPwsh.psm1') -Force
Install-AcrLabPrerequisite

if (-not (Get-Command -Name az -CommandType Application -ErrorAction Ignore)) {
    $frontend = $env:DEBIAN_FRONTEND
    try {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y --no-install-recommends azure-cli | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "apt-get install azure-cli failed with exit code $LASTEXITCODE." }
    }
    finally {
        $env:DEBIAN_FRONTEND = $frontend
    }
}

# The peer's codes that name each scenario's cause; a scenario not listed has no code that does (check-health
# knows DNS, TLS, 403, 429 and the token endpoints, nothing of proxies, timeouts, private endpoints or data hosts).
# A healthy scenario is named when no connectivity code other than the sign-in ones appears.
$peerCause = @{
    'name-not-found'                       = 'CONNECTIVITY_DNS_ERROR'
    'tls-interception'                     = 'CONNECTIVITY_SSL_ERROR'
    'public-blocked-by-ip-rule'            = 'CONNECTIVITY_FORBIDDEN_ERROR'
    'public-access-disabled'               = 'CONNECTIVITY_FORBIDDEN_ERROR'
    'private-endpoint-dns-resolves-public' = 'CONNECTIVITY_FORBIDDEN_ERROR'
    'registry-throttled'                   = 'CONNECTIVITY_TOOMANYREQUESTS_ERROR'
}
$signInCodes = 'CONNECTIVITY_REFRESH_TOKEN_ERROR', 'CONNECTIVITY_ACCESS_TOKEN_ERROR', 'CONNECTIVITY_AAD_LOGIN_ERROR', 'LOGIN_SERVER_ERROR'

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Format-Seconds([double[]] $Values) {
    $median = Get-Median $Values
    $spread = if ($Values.Count -gt 1) { ' (±{0:F2})' -f ((($Values | Measure-Object -Maximum).Maximum - ($Values | Measure-Object -Minimum).Minimum) / 2) } else { '' }
    '{0:F2} s{1}' -f $median, $spread
}

function Invoke-Timed($Lab, [string] $FilePath, [string[]] $ArgumentList, [int] $Timeout = 600) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-AcrLabCommand -Lab $Lab -FilePath $FilePath -ArgumentList $ArgumentList -TimeoutSec $Timeout
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Run = $run }
}

# A whole pwsh process as the lab's client: $Pwsh is its command line (Get-PwshCommand, Get-ReadyToRunPwshCommand).
function Invoke-TimedPwsh($Lab, [string[]] $Pwsh, [string] $Command) {
    Invoke-Timed $Lab $Pwsh[0] (@($Pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $Command))
}

# The code the diagnosis script named on the last line it wrote.
function Get-OurCode($Run) {
    (($Run.StdOut -split "`n" | Where-Object { $_ -like '<<RUN>>*' } | Select-Object -Last 1) -split ' ')[2]
}

$pwsh = @(Get-PwshCommand)
$releasedPwsh = @(Get-ReadyToRunPwshCommand -Path (Join-Path $PSScriptRoot '../out/bench'))
$ours = @'
param($ModulePath, $EnvironmentJson, $Registry, $TimeoutSec, $Calls)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$environment = $EnvironmentJson | ConvertFrom-Json -AsHashtable
foreach ($call in 1..$Calls) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $diagnosis = Invoke-AcrTroubleshooter -Name $Registry -Environment $environment -TimeoutSec $TimeoutSec
    '{0} {1:F4} {2}' -f '<<RUN>>', $watch.Elapsed.TotalSeconds, $(if ($diagnosis.Findings.Count -and $diagnosis.Verdict -ne 'Healthy') { $diagnosis.Findings[0].Code } else { "$($diagnosis.Verdict)" })
}
'@

# pwsh's own start-up, the floor under any whole-process time of ours: a pwsh that runs nothing, timed alongside.
$floorSeconds = [System.Collections.Generic.List[double]]::new()
$releasedFloorSeconds = [System.Collections.Generic.List[double]]::new()
$rows = foreach ($name in $Scenario) {
    $definition = Get-AcrLabScenario -Name $name
    $expected = $definition.Expected.WithoutConfig.PrimaryFinding
    $lab = Start-AcrLab -Scenario $name
    $cliConfig = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "acrnetwork-bench-az-$([guid]::NewGuid())")
    $saved = @{}
    foreach ($variable in 'AZURE_CONFIG_DIR', 'REQUESTS_CA_BUNDLE', 'AZURE_CORE_COLLECT_TELEMETRY', 'AZURE_CORE_SURVEY_MESSAGE') { $saved[$variable] = [Environment]::GetEnvironmentVariable($variable) }
    try {
        # The peer, like ours, trusts the lab CA (Debian's requests reads this variable) and knows the lab's cloud.
        $env:AZURE_CONFIG_DIR = $cliConfig.FullName
        $env:REQUESTS_CA_BUNDLE = $lab.ClientEnvironment.SSL_CERT_FILE
        $env:AZURE_CORE_COLLECT_TELEMETRY = 'false'
        $env:AZURE_CORE_SURVEY_MESSAGE = 'false'
        $cloud = $lab.Environment
        $authority = ([uri]$cloud.ActiveDirectoryAuthority).AbsoluteUri.TrimEnd('/')
        $register = Invoke-AcrLabCommand -Lab $lab -FilePath az -ArgumentList @(
            'cloud', 'register', '-n', 'AcrLab', '--endpoint-resource-manager', $cloud.ResourceManagerUrl,
            '--endpoint-active-directory', $authority, '--endpoint-active-directory-resource-id', $cloud.ResourceManagerUrl,
            '--endpoint-active-directory-graph-resource-id', $cloud.ResourceManagerUrl,
            '--suffix-acr-login-server-endpoint', ".$($cloud.ContainerRegistryEndpointSuffix)", '--suffix-storage-endpoint', $cloud.StorageEndpointSuffix)
        if ($register.ExitCode -ne 0) { throw "az cloud register failed: $($register.StdErr)" }
        $select = Invoke-AcrLabCommand -Lab $lab -FilePath az -ArgumentList 'cloud', 'set', '-n', 'AcrLab'
        if ($select.ExitCode -ne 0) { throw "az cloud set failed: $($select.StdErr)" }

        $environmentJson = $cloud | ConvertTo-Json -Compress
        $peerSeconds = [System.Collections.Generic.List[double]]::new()
        $oursSeconds = [System.Collections.Generic.List[double]]::new()
        $releasedSeconds = [System.Collections.Generic.List[double]]::new()
        $peerCodes = @()
        $ourCode = ''
        for ($run = 0; $run -lt $Runs; $run++) {
            if ($run -eq 0 -or $peerSeconds[0] -le $PeerPatienceSec) {
                $peer = Invoke-Timed $lab az @('acr', 'check-health', '-n', $lab.RegistryName, '--ignore-errors', '--yes')
                $peerSeconds.Add($peer.Seconds)
                $peerCodes = @([regex]::Matches("$($peer.Run.StdOut)`n$($peer.Run.StdErr)", '\b[A-Z]+(?:_[A-Z]+)*_ERROR\b').Value | Select-Object -Unique)
            }
            $diagnose = "& { $ours } -ModulePath '$ModulePath' -EnvironmentJson '$environmentJson' -Registry '$($lab.RegistryName)' -TimeoutSec $TimeoutSec"
            $process = Invoke-TimedPwsh $lab $pwsh "$diagnose -Calls 1"
            $oursSeconds.Add($process.Seconds)
            $floorSeconds.Add((Invoke-TimedPwsh $lab $pwsh '$null').Seconds)
            $released = Invoke-TimedPwsh $lab $releasedPwsh "$diagnose -Calls 1"
            $releasedSeconds.Add($released.Seconds)
            $releasedFloorSeconds.Add((Invoke-TimedPwsh $lab $releasedPwsh '$null').Seconds)
            $ourCode = Get-OurCode $process.Run
            if ((Get-OurCode $released.Run) -ne $ourCode) {
                throw "$name`: the ReadyToRun pwsh named $(Get-OurCode $released.Run), the .NET tool $ourCode; the two must run the same diagnosis. $($released.Run.StdErr)"
            }
        }
        $inProcess = Invoke-TimedPwsh $lab $pwsh "$diagnose -Calls $($Runs + 1)"
        $warm = @($inProcess.Run.StdOut -split "`n" | Where-Object { $_ -like '<<RUN>>*' } | Select-Object -Skip 1 | ForEach-Object { [double]::Parse(($_ -split ' ')[1], [cultureinfo]::InvariantCulture) })

        $connectivity = @($peerCodes | Where-Object { $_ -like 'CONNECTIVITY_*' -and $_ -notin $signInCodes })
        $peerNamed = if ($expected) { $peerCause.ContainsKey($name) -and $peerCause[$name] -in $peerCodes } else { $connectivity.Count -eq 0 }
        $ourNamed = if ($expected) { $ourCode -eq $expected } else { $ourCode -eq 'Healthy' }
        $peerMedian = Get-Median $peerSeconds
        $oursMedian = Get-Median $oursSeconds
        $releasedMedian = Get-Median $releasedSeconds
        Write-Host ('{0,-38} peer {1,8:F2} s  ours {2,6:F2} s (ReadyToRun pwsh {3,6:F2} s)  in-process {4,6:F0} ms  {5}' -f $name, $peerMedian, $oursMedian, $releasedMedian, ((Get-Median $warm) * 1000), $ourCode)
        [pscustomobject]@{
            Scenario   = $name
            Cause      = if ($expected) { $expected } else { 'Healthy' }
            Peer       = Format-Seconds $peerSeconds
            PeerRuns   = $peerSeconds.Count
            PeerCodes  = if ($peerCodes) { $peerCodes -join ', ' } else { '(none)' }
            PeerNamed  = $peerNamed
            Ours       = Format-Seconds $oursSeconds
            OurCode    = $ourCode
            OurNamed   = $ourNamed
            Ratio      = $oursMedian / $peerMedian
            Released   = Format-Seconds $releasedSeconds
            ReleasedRatio = $releasedMedian / $peerMedian
            ReleasedMedian = $releasedMedian
            InProcess  = '{0:F0} ms' -f ((Get-Median $warm) * 1000)
            FailsFast  = $peerMedian -le $PeerPatienceSec
            PeerMedian = $peerMedian
            OursMedian = $oursMedian
        }
    }
    finally {
        foreach ($variable in $saved.Keys) { [Environment]::SetEnvironmentVariable($variable, $saved[$variable]) }
        Stop-AcrLab -Lab $lab
        Remove-Item -LiteralPath $cliConfig -Recurse -Force -ErrorAction Ignore
    }
}

$cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$load = (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 3
$azVersion = (& dpkg-query -W -f '${Version}' azure-cli 2>$null)
$fast = @($rows | Where-Object FailsFast)
$slow = @($rows | Where-Object { -not $_.FailsFast })
$fastRatio = Get-Median ($fast | ForEach-Object Ratio)
$releasedFastRatio = Get-Median ($fast | ForEach-Object ReleasedRatio)
$slowRatios = if ($slow) { ', and {0} where it does not ({1})' -f (($slow | ForEach-Object { '{0:F2}x' -f $_.ReleasedRatio }) -join ', '), ($slow.Scenario -join ', ') } else { '' }
$inProcessMedian = Get-Median ($rows | ForEach-Object { [double]($_.InProcess -replace ' ms', '') })
$headline = 'Ours named the cause in {0} of {1} scenarios, the peer in {2}; as a whole process in PowerShell as released (ReadyToRun) ours took {3:F2}x the peer''s time (median ratio) where the peer fails fast{4}, and {5:F2}x in the IL-only PowerShell .NET tool; in-process, a call after the first takes {6:F0} ms (median over scenarios).' -f
    @($rows | Where-Object OurNamed).Count, $rows.Count, @($rows | Where-Object PeerNamed).Count, $releasedFastRatio, $slowRatios, $fastRatio, $inProcessMedian

$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('# Invoke-AcrTroubleshooter and az acr check-health, side by side in the lab')
$lines.Add('')
$lines.Add('Written by `bench/Peer.Bench.ps1` (`./build.ps1 Bench`). A new user: no Azure credential, the Azure CLI installed but')
$lines.Add("not signed in. Whole processes from the lab's client, alternating, $Runs runs each (a peer run over $PeerPatienceSec s is not")
$lines.Add("repeated): median (± half the range). Ours runs with ``-TimeoutSec $TimeoutSec``, in two PowerShells: the .NET tool this repository")
$lines.Add('pins, whose assemblies are IL only (PowerShell compiles itself at every start), and a ReadyToRun copy of it')
$lines.Add('(`bench/ReadyToRunPwsh.psm1`), as PowerShell''s released packages run. In-process is the median of ' + $Runs + ' calls after the first.')
$lines.Add('')
$lines.Add("Machine: $cpu, $([Environment]::ProcessorCount) CPUs, load average $($load -join ' ') at the end; $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription); .NET $([Environment]::Version); PowerShell $($PSVersionTable.PSVersion); azure-cli $azVersion; $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC.")
$lines.Add('')
$lines.Add("**$headline**")
$lines.Add('')
$lines.Add('| Scenario | Cause | Peer | Peer codes | Peer named it | Ours, ReadyToRun pwsh | Ours / peer | Ours, pwsh .NET tool | Ours / peer | Our primary code | Ours named it | Ours in-process |')
$lines.Add('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
foreach ($row in $rows) {
    $lines.Add(('| {0} | {1} | {2}{3} | {4} | {5} | {6} | {7:F2}x | {8} | {9:F2}x | {10} | {11} | {12} |' -f $row.Scenario, $row.Cause, $row.Peer, $(if ($row.PeerRuns -lt $Runs) { " ($($row.PeerRuns) run)" } else { '' }),
            $row.PeerCodes, $(if ($row.PeerNamed) { 'yes' } else { 'no' }), $row.Released, $row.ReleasedRatio, $row.Ours, $row.Ratio, $row.OurCode, $(if ($row.OurNamed) { 'yes' } else { 'no' }), $row.InProcess))
}
# Whole process where the peer fails fast, split into pwsh's own start-up and the rest (import, diagnosis, exit).
$floor = Get-Median $floorSeconds
$releasedFloor = Get-Median $releasedFloorSeconds
$peerFast = Get-Median ($fast | ForEach-Object PeerMedian)
$oursFast = Get-Median ($fast | ForEach-Object OursMedian)
$releasedFast = Get-Median ($fast | ForEach-Object ReleasedMedian)
$lines.Add('')
$lines.Add('## Where the whole-process time goes (scenarios where the peer fails fast, medians)')
$lines.Add('')
$lines.Add('| Part | ReadyToRun pwsh | pwsh .NET tool |')
$lines.Add('| --- | --- | --- |')
$lines.Add(('| pwsh alone (`pwsh -NoProfile -Command $null`, {0} runs each) | {1:F2} s | {2:F2} s |' -f $floorSeconds.Count, $releasedFloor, $floor))
$lines.Add(('| Ours, whole process | {0:F2} s | {1:F2} s |' -f $releasedFast, $oursFast))
$lines.Add(('| Ours beyond pwsh''s own start-up (import, diagnosis, exit) | {0:F2} s | {1:F2} s |' -f ($releasedFast - $releasedFloor), ($oursFast - $floor)))
$lines.Add(('| Peer, whole process | {0:F2} s | |' -f $peerFast))
$lines.Add(('| 1.5x the peer | {0:F2} s | |' -f (1.5 * $peerFast)))
$lines.Add('')
$lines.Add(('pwsh alone takes {0:F2}x the peer''s whole run as released and {1:F2}x as the .NET tool; within 1.5x of the peer leaves {2:F2} s beyond a released pwsh''s start-up, where ours uses {3:F2} s.' -f
        ($releasedFloor / $peerFast), ($floor / $peerFast), (1.5 * $peerFast - $releasedFloor), ($releasedFast - $releasedFloor)))
New-Item -ItemType Directory -Path (Split-Path $OutFile) -Force | Out-Null
Set-Content -LiteralPath $OutFile -Value $lines
Write-Host $headline
Write-Host "Results: $OutFile"
