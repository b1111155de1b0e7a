#requires -Modules Pester
# Resolve-AcrPrivateDns and Test-AcrEndpoint as a user calls them, without a network: what binding refuses,
# what is reported before any probe starts. Every measurement is in DataPathLab.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
}

Describe 'Resolve-AcrPrivateDns and Test-AcrEndpoint parameters' {
    It 'refuses a login server given as a name, as the other cmdlets do' -ForEach @(
        @{ Command = 'Resolve-AcrPrivateDns' }
        @{ Command = 'Test-AcrEndpoint' }
    ) {
        { & $Command -Name 'myreg.azurecr.io' } | Should -Throw -ExpectedMessage '*Use -LoginServer myreg.azurecr.io or -Name myreg.*'
    }

    It 'refuses a DNS server that is not an address, and says what to give' {
        { Resolve-AcrPrivateDns -Name myregistry -DnsServer 'dns.contoso.com' } |
            Should -Throw -ExpectedMessage "*'dns.contoso.com' is not a DNS server address*10.0.0.4:5353*"
    }

    It 'refuses a repository that is not one, naming what to type' {
        { Test-AcrEndpoint -Name myregistry -Repository 'myregistry.azurecr.io/samples/hello:v1' } |
            Should -Throw -ExpectedMessage '*give the repository alone, e.g. -Repository samples/hello:v1*'
        { Test-AcrEndpoint -Name myregistry -Repository 'Samples/Hello' } | Should -Throw -ExpectedMessage '*is not a repository name*'
    }

    It 'refuses a deadline outside 1 to 300 seconds' {
        { Test-AcrEndpoint -Name myregistry -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.TestAcrEndpointCommand'
        { Resolve-AcrPrivateDns -Name myregistry -TimeoutSec 301 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.ResolveAcrPrivateDnsCommand'
    }

    It 'refuses -Proxy with -NoProxy before probing anything' {
        { Test-AcrEndpoint -Name myregistry -Proxy 'http://proxy.contoso.test:3128' -NoProxy } |
            Should -Throw -ErrorId 'ConflictingParameters,AcrNetwork.Commands.TestAcrEndpointCommand'
    }

    It 'refuses a proxy URL of another scheme without repeating it, since it may carry a password' {
        $failure = { Test-AcrEndpoint -Name myregistry -Proxy 'socks5://user:s3cret@proxy.contoso.test:1080' } |
            Should -Throw -ErrorId 'InvalidProxy,AcrNetwork.Commands.TestAcrEndpointCommand' -PassThru

        $failure.Exception.Message | Should -BeLike '*absolute http:// or https:// URL*'
        "$failure $($failure.TargetObject)" | Should -Not -Match 's3cret'
    }

    It 'takes -AccessToken as a string or a SecureString' {
        $parameter = (Get-Command Test-AcrEndpoint).Parameters['AccessToken']

        $parameter.ParameterType | Should -Be ([securestring])
        $parameter.Attributes.TypeId.Name | Should -Contain 'SecureStringTransformationAttribute'
    }

    It 'reports a bad login server as InvalidLoginServer and probes nothing' {
        $results = Test-AcrEndpoint -LoginServer 'not a host' -ErrorVariable failures -ErrorAction SilentlyContinue

        $results | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLoginServer,*'
    }

    It 'has nothing to probe for a wildcard host from Get-AcrEndpoint' {
        Get-AcrEndpoint -Name myregistry -Region westeurope | Where-Object Purpose -EQ 'Storage' | Test-AcrEndpoint | Should -BeNullOrEmpty
    }

    It 'completes -Environment with the known clouds' {
        $completions = TabExpansion2 -inputScript 'Test-AcrEndpoint -Name myregistry -Environment AzureC' -cursorColumn 53

        $completions.CompletionMatches.CompletionText | Sort-Object | Should -Be 'AzureChinaCloud', 'AzureCloud'
    }
}

Describe 'Help' {
    It 'describes the data-path cmdlets in about_AcrNetwork' {
        $help = Get-Help about_AcrNetwork | Out-String

        $help | Should -Match 'Resolve-AcrPrivateDns'
        $help | Should -Match 'Test-AcrEndpoint'
        $help | Should -Match 'ConflictingParameters'
    }
}
