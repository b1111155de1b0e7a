#requires -Modules Pester
# Input that is not what it claims is refused with a clear message, before anything is read or probed: ARM bodies
# of other resources, exports with malformed IP rules, a data endpoint given as the login server, an empty token.
# Offline: nothing here reaches the network.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $arm = Join-Path $PSScriptRoot 'data/derived/arm'
}

Describe 'Get-AcrNetworkRule -Path with ARM bodies that are not registries' {
    It 'refuses <File>, naming what it is' -ForEach @(
        @{ File = 'dns-zone-groups.json'; Named = '*Microsoft.Network/privateEndpoints/privateDnsZoneGroups*' }
        @{ File = 'provider-not-registered.json'; Named = "*'Microsoft.ContainerRegistry', not a registry*" }
    ) {
        $registries = Get-AcrNetworkRule -Path (Join-Path $arm $File) -ErrorVariable failures -ErrorAction SilentlyContinue

        $registries | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRegistryConfiguration,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -BeLike $Named
    }
}

Describe 'Get-AcrNetworkRule -Path with malformed IP rules' {
    It 'refuses the export and names every malformed rule' {
        $file = Join-Path $TestDrive 'bad-ip-rules.json'
        @{
            name       = 'contosorules'
            type       = 'Microsoft.ContainerRegistry/registries'
            sku        = @{ name = 'Premium' }
            properties = @{
                loginServer    = 'contosorules.azurecr.io'
                networkRuleSet = @{
                    defaultAction = 'Deny'
                    ipRules       = @(
                        @{ action = 'Allow'; value = '203.0.113.0/24' }
                        @{ action = 'Allow'; value = '999.1.1.1' }
                        @{ action = 'Allow'; value = '10.0.0.0/99' }
                        @{ action = 'Allow'; value = 'garbage' }
                    )
                }
            }
        } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $file

        $registry = Get-AcrNetworkRule -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue

        $registry | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRegistryConfiguration,*'
        $failures[0].Exception.Message | Should -Match ([regex]::Escape("IP rules ['999.1.1.1', '10.0.0.0/99', 'garbage'] are not IPv4 or IPv6 addresses or CIDR ranges"))
    }
}

Describe 'A data endpoint given as the login server' {
    It '<Command> refuses it and names the login server to use' -ForEach @(
        @{ Command = 'Get-AcrEndpoint' }
        @{ Command = 'Invoke-AcrTroubleshooter' }
    ) {
        $output = & $Command -LoginServer 'myregistry.westeurope.data.azurecr.io' -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike "DataEndpointAsLoginServer,*"
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].TargetObject | Should -Be 'myregistry.westeurope.data.azurecr.io'
        $failures[0].Exception.Message | Should -BeLike "*data endpoint for westeurope*Use -LoginServer myregistry.azurecr.io."
    }
}

Describe 'An empty -AccessToken' {
    It '<Command> refuses it at binding instead of falling back to the credential chain' -ForEach @(
        @{ Command = 'Get-AcrNetworkRule'; Token = '' }
        @{ Command = 'Invoke-AcrTroubleshooter'; Token = '  ' }
        @{ Command = 'Test-AcrEndpoint'; Token = [securestring]::new() }
    ) {
        { & $Command -Name 'contosoregistry' -AccessToken $Token -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*access token is empty*leave the parameter out*' -ErrorId 'ParameterArgumentTransformationError*'
    }
}
