# The one way a Pester suite runs the built module as a lab's client: bring a scenario up (one, or each of many a
# few at a time), run a fresh pwsh inside the lab's client namespace with the suite's inputs, read back what it
# printed, and tear the lab down. Needs root, like the lab.

# Global, so a suite that imports this module also has the lab's commands and Get-BuiltModulePath.
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Global
Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Global

# What a client script prints before the JSON the suite reads back; anything printed before it is only for -Because.
$script:ResultMarker = '<<RESULT>>'

# Every lab this module instance started, so AfterAll can stop what an interrupted run left up.
$script:Started = [System.Collections.Concurrent.ConcurrentBag[string]]::new()

function Start-AcrLabSuite {
    <#
    .SYNOPSIS
    Brings one scenario up for a suite (installing the lab's prerequisites first); Stop-AcrLabSuite tears it down.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Scenario, [string[]] $ArmFault = @())
    Install-AcrLabPrerequisite
    $parameters = @{ Scenario = $Scenario }
    if ($ArmFault) { $parameters.ArmFault = $ArmFault }
    $lab = Start-AcrLab @parameters
    $script:Started.Add($lab.Id)
    $lab
}

function Stop-AcrLabSuite {
    <#
    .SYNOPSIS
    Stops every lab this suite started that is still up (normally none: each is stopped once its client has run).
    #>
    foreach ($id in $script:Started) { Stop-AcrLab -Id $id }
    $script:Started.Clear()
}

function Invoke-AcrLabClient {
    <#
    .SYNOPSIS
    Runs a script in a fresh pwsh as the lab's client and returns what it printed.
    .DESCRIPTION
    Before -Script runs, $in holds the lab's Environment, Registry, LoginServer, Repository, ArmToken and PullToken,
    then -InputObject's entries (which may replace them), and ModulePath (the built module, for the script to
    import). Returns Output (the JSON the script printed after <<RESULT>>, or $null), Raw (standard output and error
    without colour codes), StdOut, StdErr, ExitCode, TimedOut, and AccessLog: the lines the lab's nginx (its ARM,
    Resource Graph and registry front) logged while the script ran.
    .PARAMETER Environment
    Variables the client process gets besides the lab's (a $null value removes one); set in this process only
    while the client starts, so use it from one runspace at a time.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Lab,
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $InputObject = @{},
        [hashtable] $Environment = @{},
        [ValidateRange(1, 3600)] [int] $TimeoutSec = 300
    )
    $in = @{
        Environment = $Lab.Environment
        Registry    = $Lab.RegistryName
        LoginServer = $Lab.LoginServer
        Repository  = $Lab.Repository
        ArmToken    = $Lab.ArmAccessToken
        PullToken   = $Lab.PullAccessToken
    }
    foreach ($entry in $InputObject.GetEnumerator()) { $in[$entry.Key] = $entry.Value }
    $in.ModulePath = Get-BuiltModulePath
    $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $in -Depth 8 -Compress)))
    $command = "`$in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('$encoded')) | ConvertFrom-Json -AsHashtable`n$Script"

    $accessLog = Join-Path $Lab.WorkDir 'nginx/access.log'
    $logBefore = @(Get-Content -LiteralPath $accessLog -ErrorAction Ignore).Count
    $previous = @{}
    foreach ($name in $Environment.Keys) {
        $previous[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $run = Invoke-AcrLabCommand -Lab $Lab -FilePath dotnet -TimeoutSec $TimeoutSec -ArgumentList @(
            (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $command)
    }
    finally {
        foreach ($name in $previous.Keys) { [Environment]::SetEnvironmentVariable($name, $previous[$name]) }
    }
    $marker = $run.StdOut.IndexOf($script:ResultMarker)
    [pscustomobject]@{
        Output    = if ($marker -ge 0) { $run.StdOut.Substring($marker + $script:ResultMarker.Length) | ConvertFrom-Json } else { $null }
        Raw       = ($run.StdOut + "`n" + $run.StdErr) -replace '\x1b\[[0-9;]*m'
        StdOut    = $run.StdOut
        StdErr    = $run.StdErr
        ExitCode  = $run.ExitCode
        TimedOut  = $run.TimedOut
        AccessLog = @(Get-Content -LiteralPath $accessLog -ErrorAction Ignore | Select-Object -Skip $logBefore)
    }
}

function Invoke-AcrLabScenario {
    <#
    .SYNOPSIS
    Brings each scenario up, a few at a time, measures it with -Measure, and tears it down as soon as -Measure returns.
    .DESCRIPTION
    -Measure runs in a runspace of its own with this module imported, as & $Measure $Lab $Context; it must not
    close over the caller's variables (pass them in -Context). Returns a hashtable from scenario name to what
    -Measure returned, with Name and Error (null) added; a scenario that failed to come up or to be measured
    maps to an object with Name, Error (the failure's message) and Output ($null).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string[]] $Scenario,
        [Parameter(Mandatory)] [scriptblock] $Measure,
        [hashtable] $Context = @{},
        [ValidateRange(1, 8)] [int] $ThrottleLimit = 2
    )
    Install-AcrLabPrerequisite
    $harness = $PSCommandPath
    $measureText = $Measure.ToString()
    $started = $script:Started
    $measured = @{}
    $results = $Scenario | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
        $ErrorActionPreference = 'Stop'
        $name = $_
        $lab = $null
        try {
            Import-Module $using:harness -Force
            $lab = Start-AcrLab -Scenario $name
            ($using:started).Add($lab.Id)
            $result = & ([scriptblock]::Create($using:measureText)) $lab $using:Context
            $result | Add-Member -NotePropertyName Name -NotePropertyValue $name -Force
            $result | Add-Member -NotePropertyName Error -NotePropertyValue $null -Force
            $result
        }
        catch {
            [pscustomobject]@{ Name = $name; Error = "$_"; Output = $null }
        }
        finally {
            if ($lab) { Stop-AcrLab -Id $lab.Id }
        }
    }
    foreach ($result in $results) { $measured[$result.Name] = $result }
    $measured
}

Export-ModuleMember -Function Start-AcrLabSuite, Stop-AcrLabSuite, Invoke-AcrLabClient, Invoke-AcrLabScenario
