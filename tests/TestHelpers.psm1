# Helpers shared by build.ps1, the Pester suites and the benchmarks.

$script:RepositoryRoot = Split-Path -Parent $PSScriptRoot

# The module asks the Instance Metadata Service which VM it runs on. This machine routes 169.254.169.254 out, so every
# test, benchmark and build task that imports these helpers points the probe at a closed loopback port instead
# (refused at once); the lab's client points it at the lab's own IMDS (tests/lab, ClientEnvironment).
$env:ACRNETWORK_IMDS_ENDPOINT = 'http://127.0.0.1:9/'

function Get-RepositoryRoot { $script:RepositoryRoot }

function Get-BuiltModulePath {
    # The module folder that build.ps1 Build assembles; tests import this, as a user would.
    Join-Path $script:RepositoryRoot 'out/AcrNetwork'
}

function Get-PwshCommand {
    <#
    .SYNOPSIS
    The command line that starts the same PowerShell as this one (the local .NET tool runs as 'dotnet pwsh.dll').
    #>
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a script in a fresh pwsh and returns its exit code, standard output and standard error.
    .PARAMETER Environment
    Variables to set for the child (a $null value removes a variable).
    .PARAMETER PwshCommand
    The command line of another PowerShell to run it in (the benchmarks time a ReadyToRun copy too).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory = $script:RepositoryRoot,
        [string[]] $PwshCommand = @(Get-PwshCommand)
    )
    $command = $PwshCommand
    $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
    foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script)))) {
        $start.ArgumentList.Add($argument)
    }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) }
        else { $start.Environment[$name] = [string]$Environment[$name] }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $stderrTask = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{
        ExitCode = $process.ExitCode
        StdOut   = $stdout
        StdErr   = $stderrTask.GetAwaiter().GetResult()
    }
}

Export-ModuleMember -Function Get-RepositoryRoot, Get-BuiltModulePath, Get-PwshCommand, Invoke-ChildPwsh
