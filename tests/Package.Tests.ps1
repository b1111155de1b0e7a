#requires -Modules Pester
# build.ps1 Package: a .nupkg a PowerShell repository accepts, and a zip Azure Automation imports.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $root = Get-RepositoryRoot
    $packageDir = Join-Path $root 'out/package'
    $build = Invoke-ChildPwsh -Script "& '$root/build.ps1' Package"
    if ($build.ExitCode -ne 0) { throw "build.ps1 Package failed: $($build.StdErr)$($build.StdOut)" }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    function Get-ZipEntry([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { $zip.Entries.FullName } finally { $zip.Dispose() }
    }
}

Describe 'build.ps1 Package' {
    It 'produces a nupkg with the manifest, loader and dependencies, and no PowerShell engine' {
        $nupkg = Join-Path $packageDir 'AcrNetwork.0.1.0.nupkg'
        $entries = Get-ZipEntry $nupkg

        $entries | Should -Contain 'AcrNetwork.psd1'
        $entries | Should -Contain 'AcrNetwork.nuspec'
        $entries | Should -Contain 'bin/AcrNetwork.Loader.dll'
        $entries | Should -Contain 'bin/AcrNetwork.Commands.dll'
        $entries | Should -Contain 'bin/Azure.Core.dll'
        $entries | Should -Contain 'en-US/about_AcrNetwork.help.txt'
        $entries | Should -Contain 'en-US/AcrNetwork.Commands.dll-Help.xml'
        $entries | Should -Not -Contain 'bin/System.Management.Automation.dll'
    }

    It 'installs from a local PowerShell repository and works' {
        $install = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'modules')).FullName
        $result = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AcrNetworkPackageTest -Uri '$packageDir' -Trusted
try { Save-PSResource -Name AcrNetwork -Repository AcrNetworkPackageTest -Path '$install' -TrustRepository }
finally { Unregister-PSResourceRepository -Name AcrNetworkPackageTest }
Import-Module '$install/AcrNetwork'
(Get-AcrEndpoint -Name packaged01).Host -join ','
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $result.StdOut.Trim() | Should -Be 'packaged01.azurecr.io,*.blob.core.windows.net'
    }

    It 'installs with Install-PSResource from a local repository, imports by name and brings its help' {
        # A temporary home holds the user's module path (PSResourceGet installs under HOME, PowerShell
        # reads XDG_DATA_HOME) and PSResourceGet's repository list: the install touches nothing of this machine's.
        # .NET resolves a data folder that does not exist to an empty path, so it is made first.
        $userHome = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')).FullName
        $userData = (New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share')).FullName
        $result = Invoke-ChildPwsh -Environment @{ HOME = $userHome; XDG_DATA_HOME = $userData } -Script @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AcrNetworkLocal -Uri '$packageDir' -Trusted
Install-PSResource -Name AcrNetwork -Repository AcrNetworkLocal -Scope CurrentUser -Quiet
Import-Module AcrNetwork
[pscustomobject]@{
    ModuleBase = (Get-Module AcrNetwork).ModuleBase
    Installed  = (Get-InstalledPSResource -Name AcrNetwork).Version.ToString()
    Endpoints  = (Get-AcrEndpoint -Name packaged01).Host -join ','
    Synopsis   = (Get-Help Invoke-AcrTroubleshooter).Synopsis
    About      = [bool](Get-Help about_AcrNetwork)
} | ConvertTo-Json
"@
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $installed = $result.StdOut | ConvertFrom-Json
        Join-Path $userData 'PSResourceGet/PSResourceRepository.xml' | Should -Exist -Because 'the repository is registered in the temporary home only'

        $installed.ModuleBase | Should -BeLike "$userData/powershell/Modules/AcrNetwork/*"
        $installed.Installed | Should -Be '0.1.0'
        $installed.Endpoints | Should -Be 'packaged01.azurecr.io,*.blob.core.windows.net'
        $installed.Synopsis | Should -BeLike 'Names why this client cannot reach*'
        $installed.About | Should -BeTrue
    }

    It 'produces an Automation zip whose name, folder and manifest agree' {
        $entries = Get-ZipEntry (Join-Path $packageDir 'AcrNetwork.zip')

        $entries | Should -Contain 'AcrNetwork/AcrNetwork.psd1'
        $entries | Should -Contain 'AcrNetwork/bin/AcrNetwork.Loader.dll'
        $entries | Where-Object { $_ -notlike 'AcrNetwork/*' } | Should -BeNullOrEmpty
    }
}
