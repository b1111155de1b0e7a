<#
PowerShell as its released packages run: their assemblies carry ReadyToRun code, while the PowerShell .NET tool this
repository pins ships IL only, so a tool pwsh compiles PowerShell itself at every start (about twice the start-up
time here). The benchmarks time both, so that a figure says which PowerShell it was measured with.
#>

function Get-ReadyToRunPwshCommand {
    <#
    .SYNOPSIS
    The command line of a ReadyToRun copy of this session's PowerShell (made once, with the crossgen2 of this runtime).
    .DESCRIPTION
    Copies $PSHOME to -Path and compiles every managed assembly in it with the crossgen2 package the SDK restores for
    the build's ReadyToRun step (`./build.ps1 Build` brings it); an assembly crossgen2 refuses stays as it was. A copy
    made before for the same PowerShell and runtime is reused.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $runtime = [Environment]::Version
    $target = Join-Path ([IO.Path]::GetFullPath($Path)) "pwsh-$($PSVersionTable.PSVersion)-net$runtime"
    $done = Join-Path $target '.readytorun'
    if (Test-Path -LiteralPath $done) { return @([Environment]::ProcessPath, (Join-Path $target 'pwsh.dll')) }
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -ne 'dotnet') {
        # Not the .NET tool: this PowerShell is an installed one, as users run it.
        return @([Environment]::ProcessPath)
    }

    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $crossgen = Join-Path $packages "microsoft.netcore.app.crossgen2.$rid/$runtime/tools/crossgen2"
    if (-not (Test-Path -LiteralPath $crossgen)) {
        throw "No crossgen2 $runtime for $rid in $packages; './build.ps1 Build' restores it."
    }

    Remove-Item -LiteralPath $target -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $target -Force
    Copy-Item -Path (Join-Path $PSHOME '*') -Destination $target -Recurse
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $architecture = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    foreach ($assembly in Get-ChildItem -LiteralPath $PSHOME -Filter '*.dll') {
        $output = Join-Path $target $assembly.Name
        $compiled = "$output.r2r"
        # A response file: PowerShell would expand the reference wildcards itself, into arguments crossgen2 refuses.
        $arguments = Join-Path $target 'crossgen2.rsp'
        Set-Content -LiteralPath $arguments -Value $assembly.FullName, '-o', $compiled, '-r', (Join-Path $framework '*.dll'), '-r', (Join-Path $PSHOME '*.dll'),
            "--targetos:$os", "--targetarch:$architecture", '-O'
        & $crossgen "@$arguments" *> $null
        if ($LASTEXITCODE -eq 0) { Move-Item -LiteralPath $compiled -Destination $output -Force }
        else { Remove-Item -LiteralPath $compiled -ErrorAction Ignore }
    }
    Remove-Item -LiteralPath (Join-Path $target 'crossgen2.rsp') -ErrorAction Ignore
    Set-Content -LiteralPath $done -Value "ReadyToRun copy of $PSHOME, compiled with $crossgen"
    @([Environment]::ProcessPath, (Join-Path $target 'pwsh.dll'))
}

Export-ModuleMember -Function Get-ReadyToRunPwshCommand
