#requires -Modules Pester
# Tab completion that needs no network: -Environment, -Region without a registry on the line, and which
# parameters complete at all. Completion of registry names and their regions is tested in the lab
# (Completion.Lab.Tests.ps1): outside it no line here names a registry, so nothing is looked up.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
    }
}

Describe 'Tab completion' {
    It 'completes -Environment with the known clouds on <_>' -ForEach @('Get-AcrEndpoint', 'Get-AcrNetworkRule', 'Invoke-AcrTroubleshooter', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint') {
        Get-Completion "$_ -Environment AzureU" | Should -Be @('AzureUSGovernment')
        Get-Completion "$_ -Environment " | Should -Be @('AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment')
    }

    It 'completes -Region with Azure regions when no registry is named on <_>' -ForEach @('Get-AcrEndpoint', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint') {
        Get-Completion "$_ -Region westu" | Should -Be @('westus', 'westus2', 'westus3')
        Get-Completion "$_ -Region 'northeu" | Should -Be @('northeurope')
    }

    It 'completes -Region with the regions of the cloud given with -Environment' {
        Get-Completion 'Get-AcrEndpoint -Environment AzureUSGovernment -Region usgov' | Should -Be @('usgovarizona', 'usgovtexas', 'usgovvirginia')
        Get-Completion 'Test-AcrEndpoint -Environment AzureChinaCloud -Region chinan' | Should -Be @('chinanorth', 'chinanorth2', 'chinanorth3')
    }

    It 'has a registry name completer on -Name of every cmdlet' {
        foreach ($command in Get-Command -Module AcrNetwork -CommandType Cmdlet) {
            $completer = $command.Parameters['Name'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
            $completer.Type.Name | Should -Be 'RegistryNameCompleter' -Because "$($command.Name) -Name completes registry names"
        }
    }
}
