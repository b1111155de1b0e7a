# Starting servers inside a namespace, waiting for their sockets, and tearing a lab down.

function Start-LabDaemon {
    # Starts a server inside a namespace and waits until its sockets listen; throws with its log tail if not.
    # -Foreground is for servers that do not daemonise themselves: they are detached with setsid and their
    # pid written to a file under run/.
    param(
        [Parameter(Mandatory)] $Plan,
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][string] $Namespace,
        [Parameter(Mandatory)][string] $FilePath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)][string] $LogPath,
        [switch] $Foreground,
        [string[]] $Tcp = @(),
        [string[]] $Udp = @(),
        [int] $TimeoutSec = 15
    )
    $logDirectory = Split-Path -Parent $LogPath
    if (-not (Test-Path -LiteralPath $logDirectory)) { $null = New-Item -ItemType Directory -Path $logDirectory -Force }
    if ($Foreground) {
        $run = Join-Path $Plan.WorkDir 'run'
        $null = New-Item -ItemType Directory -Path $run -Force
        $pidFile = Join-Path $run "$(($Name -replace '[^A-Za-z0-9]+', '-').Trim('-').ToLowerInvariant()).pid"
        $launch = 'log=$1; pidfile=$2; shift 2; "$@" >"$log" 2>&1 </dev/null & echo $! >"$pidfile"'
        $output = & bash -c $launch bash $LogPath $pidFile ip netns exec $Namespace setsid $FilePath @ArgumentList 2>&1
    }
    else {
        $output = & ip netns exec $Namespace $FilePath @ArgumentList 2>&1
    }
    if ($LASTEXITCODE -ne 0) {
        $newLine = [Environment]::NewLine
        $said = (@($output | ForEach-Object { "$_" }) | Select-Object -Last 5) -join $newLine
        throw "$Name failed to start (exit code $LASTEXITCODE):$newLine$said${newLine}Last lines of ${LogPath}:$newLine$(Get-LabLogTail -Path $LogPath -Lines 10)"
    }
    Wait-LabListener -Namespace $Namespace -Name $Name -LogPath $LogPath -Tcp $Tcp -Udp $Udp -TimeoutSec $TimeoutSec
}

function Wait-LabListener {
    param(
        [Parameter(Mandatory)][string] $Namespace,
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][string] $LogPath,
        [string[]] $Tcp = @(),
        [string[]] $Udp = @(),
        [int] $TimeoutSec = 15
    )
    $wanted = @($Tcp | ForEach-Object { "tcp/$_" }) + @($Udp | ForEach-Object { "udp/$_" })
    if ($wanted.Count -eq 0) { return }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    do {
        $listening = & ip netns exec $Namespace ss -Hlntu 2>$null | ForEach-Object {
            $fields = -split $_
            if ($fields.Count -ge 5) { "$($fields[0])/$($fields[4])" }
        }
        $missing = @($wanted | Where-Object { $_ -notin $listening })
        if ($missing.Count -eq 0) { return }
        Start-Sleep -Milliseconds 50
    } while ([DateTime]::UtcNow -lt $deadline)
    throw "$Name is not listening on $($missing -join ', ') after $TimeoutSec s.$([Environment]::NewLine)Last lines of ${LogPath}:$([Environment]::NewLine)$(Get-LabLogTail -Path $LogPath)"
}

function Get-LabNamespace {
    # Names of the network namespaces that exist now.
    @(& ip netns list 2>$null | ForEach-Object { (-split $_)[0] } | Where-Object { $_ })
}

function Get-LabNamespaceProcess {
    param([string[]] $Namespaces)
    @(foreach ($namespace in $Namespaces) { & ip netns pids $namespace 2>$null | Where-Object { $_ -match '^\d+$' } | ForEach-Object { [int]$_ } })
}

function Stop-LabNamespaceProcess {
    # Ends every process inside the namespaces: TERM, then KILL whatever is left after a short grace
    # (squid takes seconds to shut down cleanly, and a lab has nothing worth a clean shutdown).
    param([string[]] $Namespaces)
    foreach ($signal in 'TERM', 'KILL') {
        $pids = @(Get-LabNamespaceProcess -Namespaces $Namespaces)
        if ($pids.Count -eq 0) { return }
        $null = & kill "-$signal" @pids 2>&1
        $deadline = [DateTime]::UtcNow.AddMilliseconds($(if ($signal -eq 'TERM') { 500 } else { 3000 }))
        while ([DateTime]::UtcNow -lt $deadline) {
            if (-not ($pids | Where-Object { Test-LabProcessAlive -ProcessId $_ })) { break }
            Start-Sleep -Milliseconds 50
        }
    }
    $left = @(Get-LabNamespaceProcess -Namespaces $Namespaces)
    if ($left.Count -gt 0) { throw "Processes $($left -join ', ') in $($Namespaces -join ', ') did not end after SIGKILL." }
}

function Test-LabProcessAlive {
    # True while the process runs; a zombie (ended, waiting for its parent to reap it) counts as ended.
    param([Parameter(Mandatory)][int] $ProcessId)
    $stat = "/proc/$ProcessId/stat"
    if (-not (Test-Path -LiteralPath $stat)) { return $false }
    $text = Get-Content -Raw -LiteralPath $stat -ErrorAction Ignore
    # The state follows the parenthesised command name, which may itself contain spaces or parentheses.
    $text -and $text.Substring($text.LastIndexOf(')') + 2, 1) -ne 'Z'
}

function Remove-LabResource {
    # Removes everything a lab may have created; safe to run on a half-built or already removed lab.
    param([string[]] $Namespaces = @(), [string] $WorkDir)
    $existing = Get-LabNamespace
    $present = @($Namespaces | Where-Object { $_ -in $existing })
    Stop-LabNamespaceProcess -Namespaces $present
    foreach ($namespace in $present) { $null = Invoke-LabNative -FilePath ip -ArgumentList 'netns', 'del', $namespace }
    foreach ($namespace in $Namespaces) {
        $etc = "/etc/netns/$namespace"
        if (Test-Path -LiteralPath $etc) { Remove-Item -LiteralPath $etc -Recurse -Force }
    }
    if ($WorkDir -and (Test-Path -LiteralPath $WorkDir)) { Remove-Item -LiteralPath $WorkDir -Recurse -Force }
}
