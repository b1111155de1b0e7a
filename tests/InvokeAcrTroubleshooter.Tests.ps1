#Requires -Version 7.4
# Invoke-AcrTroubleshooter as a user calls it, without a network: what binding refuses, and what the command
# offers. Its diagnoses are tested in the lab (InvokeAcrTroubleshooter.Lab.Tests.ps1) and on hand-built
# observations (xUnit).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
}

Describe 'Invoke-AcrTroubleshooter parameters' {
    It 'is exported, with the output type AcrNetwork.Diagnosis' {
        $command = Get-Command Invoke-AcrTroubleshooter -Module AcrNetwork
        $command.OutputType.Name | Should -Contain 'AcrNetwork.Diagnosis'
        foreach ($name in 'Name', 'LoginServer', 'ResourceId', 'InputObject', 'Repository', 'AccessToken', 'Environment', 'DnsServer', 'Proxy', 'NoProxy', 'TimeoutSec', 'ThrottleLimit', 'FailOnError') {
            $command.Parameters.Keys | Should -Contain $name
        }
    }

    It 'refuses a login server given as a name, with the parameter to use' {
        { Invoke-AcrTroubleshooter -Name 'myregistry.azurecr.io' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
    }

    It 'refuses -Proxy with -NoProxy before anything is probed' {
        { Invoke-AcrTroubleshooter -Name myregistry -Proxy 'http://proxy.contoso.test:3128' -NoProxy } |
            Should -Throw -ErrorId 'ConflictingParameters,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
    }

    It 'refuses a proxy URL it cannot use without repeating it (it may carry a password)' {
        $failure = { Invoke-AcrTroubleshooter -Name myregistry -Proxy 'socks5://user:s3cret@proxy.contoso.test:1080' } |
            Should -Throw -ErrorId 'InvalidProxy,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand' -PassThru
        "$failure" | Should -Not -Match 's3cret'
    }

    It 'refuses a resource ID that is not a registry''s, an unknown cloud and a bad deadline' {
        { Invoke-AcrTroubleshooter -ResourceId '/subscriptions/x/resourceGroups/rg' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
        { Invoke-AcrTroubleshooter -Name myregistry -Environment 'MoonCloud' } | Should -Throw
        { Invoke-AcrTroubleshooter -Name myregistry -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
        { Invoke-AcrTroubleshooter -Name myregistry -ThrottleLimit 65 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
    }

    It 'reports piped input it cannot read and diagnoses nothing for it' {
        $results = 'not a host!' | Invoke-AcrTroubleshooter -AccessToken 'unused' -ErrorVariable failures -ErrorAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRegistryInput,*'
        "$($failures[0])" | Should -Match 'not a registry name .* or a login server'
    }

    It 'takes the access token as a string or a SecureString, and never echoes it' {
        $parameter = (Get-Command Invoke-AcrTroubleshooter).Parameters['AccessToken']
        $parameter.ParameterType.Name | Should -Be 'SecureString'
    }

    It 'takes the client''s subnet as a subnet resource ID and refuses anything else at binding' {
        (Get-Command Invoke-AcrTroubleshooter).Parameters.Keys | Should -Contain 'ClientSubnetId'
        $vnet = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/spoke/providers/Microsoft.Network/virtualNetworks/spoke'
        $failure = { Invoke-AcrTroubleshooter -Name myregistry -ClientSubnetId $vnet } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand' -PassThru
        "$failure" | Should -Match 'is not a subnet resource ID'
    }

    It 'is described in the module''s help' {
        $help = Get-Help about_AcrNetwork | Out-String
        $help | Should -Match 'Invoke-AcrTroubleshooter'
        $help | Should -Match 'RegistryDiagnosisFoundError'
    }
}
