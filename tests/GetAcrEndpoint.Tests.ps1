#requires -Modules Pester
# Get-AcrEndpoint as a user calls it, against the built module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $derived = Join-Path $PSScriptRoot 'data/derived'
}

Describe 'Get-AcrEndpoint' {
    It 'lists the REST endpoint and blob storage for a registry without dedicated data endpoints' {
        $endpoints = Get-AcrEndpoint -Name myregistry -Region westeurope

        $endpoints | Should -BeOfType ([AcrNetwork.RequiredEndpoint])
        $endpoints.Host | Should -Be @('myregistry.azurecr.io', '*.blob.core.windows.net')
        $endpoints.Port | Should -Be @(443, 443)
        $endpoints.Purpose | Should -Be @('Rest', 'Storage')
        $endpoints.ServiceTag | Should -Be @('AzureContainerRegistry', 'Storage.westeurope')
    }

    It 'lists one data endpoint per region when dedicated data endpoints are on' {
        $endpoints = Get-AcrEndpoint -Name MyRegistry -Region westeurope, eastus -DataEndpointEnabled

        $endpoints.Host | Should -Be @('myregistry.azurecr.io', 'myregistry.westeurope.data.azurecr.io', 'myregistry.eastus.data.azurecr.io')
        $endpoints.Region | Should -Be @('westeurope', 'westeurope', 'eastus')
        $endpoints.Purpose | Should -Not -Contain 'Storage'
    }

    It 'takes a configuration from Get-AcrNetworkRule, replicas included' {
        $endpoints = Get-AcrNetworkRule -Path "$derived/acrnetwork-export.json" | Get-AcrEndpoint

        $endpoints.Host | Should -Be @('myregistry.azurecr.io', 'myregistry.westus.data.azurecr.io', 'myregistry.eastus.data.azurecr.io')
        $endpoints.ServiceTag | Should -Be @('AzureContainerRegistry', 'AzureContainerRegistry.westus', 'AzureContainerRegistry.eastus')
    }

    It 'takes ConvertFrom-Json output of az acr list, one set per registry' {
        $endpoints = Get-Content -Raw "$derived/az-acr-list.json" | ConvertFrom-Json | Get-AcrEndpoint

        ($endpoints | Group-Object Registry).Name | Should -Be @('myRegistry', 'myRegistry2')
    }

    It 'takes a login server' {
        (Get-AcrEndpoint -LoginServer 'https://MyReg01.azurecr.us/v2/' -Environment AzureUSGovernment).Host |
            Should -Be @('myreg01.azurecr.us', '*.blob.core.usgovcloudapi.net')
    }

    It 'uses a custom cloud given as an object, as (Get-AzContext).Environment is' {
        $lab = @{ Name = 'Lab'; ResourceManagerUrl = 'https://management.lab.test/'; ContainerRegistryEndpointSuffix = 'azurecr.test'; ActiveDirectoryAuthority = 'https://login.lab.test/'; StorageEndpointSuffix = 'core.lab.test' }

        (Get-AcrEndpoint -Name labreg01 -Environment ([pscustomobject]$lab)).Host | Should -Be @('labreg01.azurecr.test', '*.blob.core.lab.test')
        (Get-AcrEndpoint -Name labreg01 -Environment $lab -Region r1 -DataEndpointEnabled).Host | Should -Be @('labreg01.azurecr.test', 'labreg01.r1.data.azurecr.test')
    }

    It 'refuses a login server given as a name at binding, and says what to type' {
        { Get-AcrEndpoint -Name 'myreg.azurecr.io' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AcrNetwork.Commands.GetAcrEndpointCommand' -ExpectedMessage '*Use -LoginServer myreg.azurecr.io or -Name myreg.*'
    }

    It 'refuses a name that breaks the naming rule' {
        { Get-AcrEndpoint -Name 'my-registry' } | Should -Throw -ExpectedMessage '*5 to 50 letters and digits*'
    }

    It 'refuses an unknown cloud at binding' {
        { Get-AcrEndpoint -Name myregistry -Environment AzureMars } | Should -Throw -ExpectedMessage "*Unknown cloud 'AzureMars'*AzureCloud, AzureChinaCloud, AzureUSGovernment*"
    }

    It 'refuses a custom cloud that lacks an endpoint' {
        { Get-AcrEndpoint -Name myregistry -Environment @{ ResourceManagerUrl = 'https://management.lab.test/' } } | Should -Throw -ExpectedMessage '*needs ResourceManagerUrl, ContainerRegistryEndpointSuffix and ActiveDirectoryAuthority*'
    }

    It 'reports a bad login server as InvalidLoginServer' {
        $null = Get-AcrEndpoint -LoginServer 'not a host' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLoginServer,*'
        $failures[0].TargetObject | Should -Be 'not a host'
    }

    It 'completes -Environment with the known clouds' {
        $completions = TabExpansion2 -inputScript 'Get-AcrEndpoint -Name myregistry -Environment AzureU' -cursorColumn 52

        $completions.CompletionMatches.CompletionText | Should -Be 'AzureUSGovernment'
    }

    It 'has a default table view grouped by registry' {
        $text = Get-AcrEndpoint -Name myregistry -Region westeurope | Out-String -Width 200

        $text | Should -Match 'Registry: myregistry'
        $text | Should -Match 'Host\s+Port\s+Purpose\s+Region'
        $text | Should -Match '\*\.blob\.core\.windows\.net\s+443\s+Storage\s+westeurope'
    }

    It 'adds the service tags in the Wide view' {
        $text = Get-AcrEndpoint -Name myregistry -Region westeurope | Format-Table -View Wide | Out-String -Width 200

        $text | Should -Match 'Host\s+Port\s+Purpose\s+Region\s+ServiceTag'
        $text | Should -Match '\*\.blob\.core\.windows\.net\s+443\s+Storage\s+westeurope\s+Storage\.westeurope'
    }
}

Describe 'Module surface' {
    It 'exports exactly its cmdlets, each declaring its output type' {
        $commands = Get-Command -Module AcrNetwork

        $commands.Name | Sort-Object | Should -Be @('Get-AcrEndpoint', 'Get-AcrNetworkRule', 'Invoke-AcrTroubleshooter', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint')
        (Get-Command Get-AcrEndpoint).OutputType.Name | Should -Be 'AcrNetwork.RequiredEndpoint'
        (Get-Command Get-AcrNetworkRule).OutputType.Name | Should -Be 'AcrNetwork.RegistryNetworkConfig'
        (Get-Command Resolve-AcrPrivateDns).OutputType.Name | Should -Be 'AcrNetwork.DnsResolution'
        (Get-Command Test-AcrEndpoint).OutputType.Name | Should -Be 'AcrNetwork.EndpointTest'
        (Get-Command Invoke-AcrTroubleshooter).OutputType.Name | Should -Be 'AcrNetwork.Diagnosis'
    }

    It 'ships its about topic' {
        (Get-Help about_AcrNetwork | Out-String) | Should -Match 'Get-AcrNetworkRule'
    }

    It 'declares PowerShell 7.4 Core, so Windows PowerShell 5.1 refuses it with a version message' {
        $manifest = Test-ModuleManifest -Path (Join-Path (Get-BuiltModulePath) 'AcrNetwork.psd1')

        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        Get-Content -Raw (Join-Path (Get-BuiltModulePath) 'AcrNetwork.psm1') | Should -Match "PSEdition -ne 'Core'"
    }
}
