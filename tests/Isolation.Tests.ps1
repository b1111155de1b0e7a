#requires -Modules Pester
# Dependency isolation, each case in a fresh pwsh: the module's Azure SDK copies live in its own
# load context, so an older Azure.Core (as Az.Accounts brings) can load before or after it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $modulePath = Get-BuiltModulePath
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    # Downloaded by tests/tools/Tools.csproj: stand-ins for what Az.Accounts loads.
    $oldAzureCore = Join-Path $packages 'azure.core/1.44.1/lib/net6.0/Azure.Core.dll'
    $oldAzureIdentity = Join-Path $packages 'azure.identity/1.12.1/lib/netstandard2.0/Azure.Identity.dll'

    # Shared by the child scripts: where each Azure/DnsClient assembly is loaded, as JSON.
    $reportLoadedAssemblies = @'
function Get-LoadedDependency {
    [System.AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -match '^(Azure\.|DnsClient|Microsoft\.Identity\.Client|AcrNetwork\.)' } |
        ForEach-Object {
            [pscustomobject]@{
                Name     = $_.GetName().Name
                Version  = $_.GetName().Version.ToString()
                Context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
                Location = $_.Location
            }
        }
}
function Use-ModuleAzureCore {
    # The module's context resolves Azure.Core as the engine's code does when it first needs it.
    $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'AcrNetwork'
    $null = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Azure.Core'))
    $null = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('DnsClient'))
}
'@

    function Invoke-IsolationScript([string] $Body) {
        $result = Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Stop'`n$reportLoadedAssemblies`n$Body"
        if ($result.ExitCode -ne 0) { throw "Child pwsh failed ($($result.ExitCode)): $($result.StdErr)$($result.StdOut)" }
        $result.StdOut | ConvertFrom-Json
    }
}

Describe 'Dependency isolation' {
    It 'loads the cmdlets and Azure.Core into the module''s context and only the loader into the default one' {
        $report = Invoke-IsolationScript @"
Import-Module '$modulePath'
`$null = Get-AcrEndpoint -Name isolation01
Use-ModuleAzureCore
@{ Loaded = @(Get-LoadedDependency); Default = @([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name) } | ConvertTo-Json -Depth 4
"@
        $azureCore = @($report.Loaded | Where-Object Name -EQ 'Azure.Core')
        $azureCore.Count | Should -Be 1
        $azureCore[0].Context | Should -Be 'AcrNetwork'
        $azureCore[0].Location | Should -BeLike "$modulePath/bin/*"
        ($report.Loaded | Where-Object Name -EQ 'DnsClient').Context | Should -Be 'AcrNetwork'
        ($report.Loaded | Where-Object Name -EQ 'AcrNetwork.Commands').Context | Should -Be 'AcrNetwork'
        ($report.Loaded | Where-Object Name -EQ 'AcrNetwork.Engine').Context | Should -Be 'AcrNetwork'
        ($report.Loaded | Where-Object Name -EQ 'AcrNetwork.Loader').Context | Should -Be 'Default'
        $report.Default | Where-Object { $_ -match '^(Azure\.|DnsClient|Microsoft\.Identity|AcrNetwork\.(Commands|Engine))' } | Should -BeNullOrEmpty
    }

    It 'loads no Azure SDK assembly on import, nor for a command that needs none' {
        $report = Invoke-IsolationScript @"
Import-Module '$modulePath'
`$null = Get-AcrEndpoint -Name lazy01 -Region westeurope
@{ Loaded = @(Get-LoadedDependency) } | ConvertTo-Json -Depth 4
"@
        ($report.Loaded | Where-Object Name -EQ 'AcrNetwork.Engine').Context | Should -Be 'AcrNetwork'
        @($report.Loaded | Where-Object Name -Match '^(Azure\.|Microsoft\.Identity)') | Should -BeNullOrEmpty
    }

    It 'coexists with an older Azure.Core and Azure.Identity loaded first' {
        $report = Invoke-IsolationScript @"
`$oldCore = [System.Reflection.Assembly]::LoadFrom('$oldAzureCore')
`$oldIdentity = [System.Reflection.Assembly]::LoadFrom('$oldAzureIdentity')
Import-Module '$modulePath'
`$endpoints = Get-AcrEndpoint -Name coexist01 -Region westeurope -DataEndpointEnabled
Use-ModuleAzureCore
# The older copies still work for their owner after the import.
`$token = [System.Activator]::CreateInstance(`$oldCore.GetType('Azure.Core.AccessToken'), 'not-a-secret', [System.DateTimeOffset]::UtcNow.AddHours(1))
`$options = [System.Activator]::CreateInstance(`$oldIdentity.GetType('Azure.Identity.DefaultAzureCredentialOptions'))
@{ Loaded = @(Get-LoadedDependency); Hosts = @(`$endpoints.Host); TokenType = `$token.GetType().Assembly.GetName().Version.ToString(); Options = `$options.GetType().Assembly.GetName().Version.ToString() } | ConvertTo-Json -Depth 4
"@
        $report.Hosts | Should -Be @('coexist01.azurecr.io', 'coexist01.westeurope.data.azurecr.io')
        $report.TokenType | Should -Be '1.44.1.0'
        $report.Options | Should -Be '1.12.1.0'
        $cores = $report.Loaded | Where-Object Name -EQ 'Azure.Core' | Sort-Object Context
        @($cores).Count | Should -Be 2
        ($cores | Where-Object Context -EQ 'AcrNetwork').Version | Should -Be '1.53.0.0'
        ($cores | Where-Object Context -EQ 'Default').Version | Should -Be '1.44.1.0'
    }

    It 'coexists with an older Azure.Core loaded after it' {
        $report = Invoke-IsolationScript @"
Import-Module '$modulePath'
Use-ModuleAzureCore
`$oldCore = [System.Reflection.Assembly]::LoadFrom('$oldAzureCore')
`$token = [System.Activator]::CreateInstance(`$oldCore.GetType('Azure.Core.AccessToken'), 'not-a-secret', [System.DateTimeOffset]::UtcNow.AddHours(1))
`$registry = Get-AcrNetworkRule -Path '$PSScriptRoot/data/derived/registry-locked-down.json'
@{ Loaded = @(Get-LoadedDependency); Registry = `$registry.Name; Expires = `$token.ExpiresOn -gt [System.DateTimeOffset]::UtcNow } | ConvertTo-Json -Depth 4
"@
        $report.Registry | Should -Be 'myRegistry'
        $report.Expires | Should -BeTrue
        ($report.Loaded | Where-Object Name -EQ 'Azure.Core').Context | Sort-Object | Should -Be @('AcrNetwork', 'Default')
    }

    It 're-imports with -Force and keeps one load context' {
        $report = Invoke-IsolationScript @"
Import-Module '$modulePath'
Import-Module '$modulePath' -Force
Remove-Module AcrNetwork
Import-Module '$modulePath'
@{
    Commands = @((Get-Command -Module AcrNetwork).Name | Sort-Object)
    Hosts    = @((Get-AcrEndpoint -Name reimport01).Host)
    Contexts = @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'AcrNetwork').Count
    TypeName = [AcrNetwork.RequiredEndpoint].FullName
} | ConvertTo-Json
"@
        $report.Commands | Should -Be @((Import-PowerShellDataFile (Join-Path $modulePath 'AcrNetwork.psd1')).CmdletsToExport | Sort-Object)
        $report.Hosts | Should -Be @('reimport01.azurecr.io', '*.blob.core.windows.net')
        $report.Contexts | Should -Be 1
        $report.TypeName | Should -Be 'AcrNetwork.RequiredEndpoint'
    }

    It 'ships no reference System.Management.Automation next to the module' {
        Join-Path $modulePath 'bin/System.Management.Automation.dll' | Should -Not -Exist
    }
}
