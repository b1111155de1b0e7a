#requires -Version 7.4
<#
.SYNOPSIS
The project's one entry point: Build, Test, Package, Lab, Demo, Bench.

.DESCRIPTION
Run through the repository's local PowerShell tool, which `dotnet tool restore` installs:

    dotnet tool restore && dotnet pwsh ./build.ps1 Test

Test installs what the tests need on a fresh machine (the lab's Debian packages, Pester), builds
the module, runs the xUnit and Pester suites, and ends with one line:
`Tests: N passed, M failed, K skipped`. It exits non-zero when anything failed.

.EXAMPLE
./build.ps1 Build
Assembles the importable module folder in out/AcrNetwork.

.EXAMPLE
./build.ps1 Lab -Scenario public-blocked-by-ip-rule
Brings up one lab scenario and prints how to run commands as its client; -Down tears it down.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Lab', 'Demo', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Lab: the scenario to bring up (see tests/lab/scenarios), or with -Down the one to tear down.
    [string] $Scenario,

    # Lab: tear down the lab started for -Scenario, or every lab when no scenario is named.
    [switch] $Down,

    # Test: run only the Pester files whose names match (e.g. 'Lab'); xUnit is skipped when given.
    [string] $PesterFilter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir 'AcrNetwork'
$labModule = Join-Path $root 'tests/lab/AcrLab.psm1'
Import-Module (Join-Path $root 'tests/TestHelpers.psm1') -Force

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    $stage = Join-Path $outDir 'stage'
    Remove-Item -LiteralPath $moduleDir, $stage -Recurse -Force -ErrorAction Ignore
    # The portable publish gives the file set, other platforms' runtimes/ assets included; a second publish for this
    # machine's platform gives the same assemblies with ReadyToRun code, which replace the portable ones (elsewhere
    # the runtime compiles their IL as before), so the first import and the first diagnosis compile far less.
    $readyToRun = @('-r', [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier, '--self-contained', 'false', '-p:PublishReadyToRun=true')
    Invoke-Native dotnet @('publish', "$root/src/AcrNetwork.Commands/AcrNetwork.Commands.csproj", '-c', $Configuration, '-o', "$stage/bin", '--nologo', '-v', 'quiet')
    Invoke-Native dotnet (@('publish', "$root/src/AcrNetwork.Commands/AcrNetwork.Commands.csproj", '-c', $Configuration, '-o', "$stage/r2r", '--nologo', '-v', 'quiet') + $readyToRun)
    Invoke-Native dotnet (@('publish', "$root/src/AcrNetwork.Loader/AcrNetwork.Loader.csproj", '-c', $Configuration, '-o', "$stage/loader", '--nologo', '-v', 'quiet') + $readyToRun)

    $bin = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'bin') -Force
    Copy-Item -Path "$stage/bin/*" -Destination $bin -Recurse -Exclude '*.pdb', '*.deps.json'
    Get-ChildItem -Path "$stage/r2r" -Filter '*.dll' | Where-Object { Test-Path (Join-Path $bin $_.Name) } |
        Copy-Item -Destination $bin -Force
    Copy-Item -LiteralPath "$stage/loader/AcrNetwork.Loader.dll" -Destination $bin
    Copy-Item -LiteralPath "$root/AcrNetwork.psd1", "$root/src/module/AcrNetwork.psm1", "$root/src/module/AcrNetwork.Format.ps1xml", "$root/src/module/AcrNetwork.Types.ps1xml" -Destination $moduleDir
    $help = New-Item -ItemType Directory -Path (Join-Path $moduleDir 'en-US') -Force
    Copy-Item -LiteralPath "$root/src/module/about_AcrNetwork.help.txt" -Destination $help
    Remove-Item -LiteralPath $stage -Recurse -Force

    # Cmdlet help: MAML from docs/help/*.md, with syntax and parameter attributes read from the built cmdlets.
    $generator = Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'; Import-Module '$root/tools/MamlHelp.psm1', '$moduleDir'; Export-MamlHelp -MarkdownPath '$root/docs/help' -ModuleName AcrNetwork -OutputPath '$help' 3>&1"
    if ($generator.StdOut.Trim()) { Write-Warning ($generator.StdOut.Trim() -replace '(?m)^WARNING: ', '') }
    if ($generator.ExitCode -ne 0) { throw "Generating the cmdlet help failed: $($generator.StdErr)" }

    # A reference System.Management.Automation next to the module would be loaded in place of the real engine.
    if (Test-Path (Join-Path $bin 'System.Management.Automation.dll')) {
        throw 'The build shipped System.Management.Automation.dll; the PowerShell reference package must exclude runtime assets.'
    }
    Write-Host "Module: $moduleDir"
}

function Install-Prerequisite {
    Invoke-Native dotnet @('restore', "$root/tests/tools/Tools.csproj", '--nologo', '-v', 'quiet')
    if (Test-Path $labModule) {
        Import-Module $labModule -Force
        Install-AcrLabPrerequisite
    }
}

function Get-PesterModulePath {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
}

function Invoke-XunitTest {
    # Returns the counts from the xUnit run's TRX report.
    $resultsDir = Join-Path $outDir 'test-results'
    Remove-Item -LiteralPath (Join-Path $resultsDir 'engine.trx') -ErrorAction Ignore
    & dotnet test "$root/tests/AcrNetwork.Engine.Tests/AcrNetwork.Engine.Tests.csproj" -c $Configuration --nologo `
        --logger 'trx;LogFileName=engine.trx' --logger 'console;verbosity=minimal' --results-directory $resultsDir | Out-Host
    $trx = Join-Path $resultsDir 'engine.trx'
    if (-not (Test-Path $trx)) {
        Write-Warning 'The xUnit run produced no report (it did not build or did not start).'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $report = [xml](Get-Content -Raw $trx)
    # Property tests write how many cases each property ran; show them, as xUnit keeps passing tests' output to itself.
    $report.SelectNodes("//*[local-name()='UnitTestResult']/*[local-name()='Output']/*[local-name()='StdOut']") | ForEach-Object { $_.InnerText -split "`r?`n" } |
        Where-Object { $_ -like 'Property *cases passed' } | Sort-Object | ForEach-Object { Write-Host "  $_" }
    $counters = $report.TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

function Invoke-PesterTest {
    # Pester runs in a child pwsh, so the suites see a session like a user's, not this build's.
    $summary = Join-Path $outDir 'test-results/pester-summary.json'
    New-Item -ItemType Directory -Path (Split-Path $summary) -Force | Out-Null
    Remove-Item -LiteralPath $summary -ErrorAction Ignore
    $paths = Get-ChildItem -Path "$root/tests" -Filter '*.Tests.ps1' |
        Where-Object { -not $PesterFilter -or $_.Name -like "*$PesterFilter*" } |
        ForEach-Object FullName
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Get-PesterModulePath)'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = @('$($paths -join "','")')
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Detailed'
`$configuration.TestResult.Enabled = `$true
`$configuration.TestResult.OutputPath = '$outDir/test-results/pester.xml'
`$result = Invoke-Pester -Configuration `$configuration
[pscustomobject]@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount; Skipped = `$result.SkippedCount + `$result.NotRunCount } |
    ConvertTo-Json | Set-Content -LiteralPath '$summary'
"@
    $command = @(Get-PwshCommand)
    & $command[0] @($command | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Warning 'Pester did not finish (see its output above).'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    Get-Content -Raw $summary | ConvertFrom-Json
}

function Invoke-Test {
    $counts = [System.Collections.Generic.List[object]]::new()
    try {
        Install-Prerequisite
        Invoke-Build
        if (-not $PesterFilter) { $counts.Add((Invoke-XunitTest)) }
        $counts.Add((Invoke-PesterTest))
    }
    catch {
        Write-Host "Test run stopped: $_" -ForegroundColor Red
        $counts.Add([pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 })
    }
    $passed = ($counts | Measure-Object Passed -Sum).Sum
    $failed = ($counts | Measure-Object Failed -Sum).Sum
    $skipped = ($counts | Measure-Object Skipped -Sum).Sum
    Write-Host "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    # A .nupkg for a PowerShell repository (Publish-PSResource to a local folder works offline) and
    # a zip that an Azure Automation account imports (zip name = folder name = manifest name).
    $packageDir = Join-Path $outDir 'package'
    $repositoryName = "AcrNetworkBuild-$PID"
    Remove-Item -LiteralPath $packageDir -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $packageDir | Out-Null
    Register-PSResourceRepository -Name $repositoryName -Uri $packageDir -Trusted
    try {
        Publish-PSResource -Path $moduleDir -Repository $repositoryName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    Compress-Archive -Path $moduleDir -DestinationPath (Join-Path $packageDir 'AcrNetwork.zip') -Force
    Get-ChildItem $packageDir | ForEach-Object { Write-Host "Package: $($_.FullName)" }
}

function Invoke-Lab {
    if (-not (Test-Path $labModule)) { throw 'The lab (tests/lab/AcrLab.psm1) is missing.' }
    Import-Module $labModule -Force
    if ($Down) {
        if ($Scenario) { Get-AcrLab | Where-Object ScenarioName -EQ $Scenario | Stop-AcrLab } else { Stop-AcrLab -All }
        return
    }
    if (-not $Scenario) {
        throw "Name a scenario: ./build.ps1 Lab -Scenario <name>. Scenarios: $((Get-AcrLabScenario).Name -join ', ')"
    }
    Install-AcrLabPrerequisite
    $lab = Start-AcrLab -Scenario $Scenario
    $lab | Format-List Id, RegistryName, LoginServer, ClientNamespace, ClientAddress | Out-Host
    Write-Host 'Run commands as the lab client with:'
    Write-Host "  $(Get-AcrLabShellCommand -Lab $lab)"
    Write-Host "Tear it down with: ./build.ps1 Lab -Scenario $Scenario -Down"
}

function Invoke-Demo {
    Invoke-Build
    Install-Prerequisite
    & (Join-Path $root 'tests/Invoke-Demo.ps1') -ModulePath $moduleDir
}

function Invoke-Bench {
    Invoke-Build
    Get-ChildItem -Path (Join-Path $root 'bench') -Filter '*.Bench.ps1' | ForEach-Object {
        Write-Host "== $($_.BaseName)"
        & $_.FullName -ModulePath $moduleDir
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Build; Invoke-Package }
        'Lab' { Invoke-Lab }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
    }
}
