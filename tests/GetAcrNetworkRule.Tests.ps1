#requires -Modules Pester
# Get-AcrNetworkRule as a user calls it, offline, against the built module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $upstream = Join-Path $PSScriptRoot 'data/azure-rest-api-specs/containerregistry/2025-04-01'
    $derived = Join-Path $PSScriptRoot 'data/derived'
}

Describe 'Get-AcrNetworkRule -Path' {
    It 'reads the upstream ARM example into a typed RegistryNetworkConfig' {
        $registry = Get-AcrNetworkRule -Path "$upstream/RegistryGet.json"

        $registry | Should -BeOfType ([AcrNetwork.RegistryNetworkConfig])
        $registry.PSObject.TypeNames[0] | Should -Be 'AcrNetwork.RegistryNetworkConfig'
        $registry.Name | Should -Be 'myRegistry'
        $registry.Sku | Should -Be 'Standard'
        $registry.LoginServer | Should -Be 'myRegistry.azurecr.io'
        $registry.PublicNetworkAccess | Should -Be 'Enabled'
        $registry.DefaultAction | Should -Be 'Allow'
        $registry.TrustedServicesBypass | Should -Be 'AzureServices'
        $registry.ResourceGroupName | Should -Be 'myResourceGroup'
        $registry.Source | Should -Be "$upstream/RegistryGet.json"
    }

    It 'reads a locked-down registry: IP rules, trusted services off, data endpoints, private endpoints' {
        $registry = Get-AcrNetworkRule -Path "$derived/registry-locked-down.json"

        $registry.Sku | Should -Be 'Premium'
        $registry.DefaultAction | Should -Be 'Deny'
        $registry.IpRules | Should -Be @('198.51.100.7/32', '203.0.113.0/24')
        $registry.TrustedServicesBypass | Should -Be 'None'
        $registry.IsNetworkRestricted | Should -BeTrue
        $registry.DataEndpoints.HostName | Should -Be @('myregistry.westus.data.azurecr.io', 'myregistry.eastus.data.azurecr.io')
        $registry.PrivateEndpoints.Name | Should -Be @('peexample01', 'pe-spoke')
        $registry.PrivateEndpoints.ConnectionStatus | Should -Be @('Approved', 'Pending')
        $registry.AuthenticationAsArmEnabled | Should -BeFalse
    }

    It 'reads public access disabled' {
        (Get-AcrNetworkRule -Path "$derived/registry-public-access-disabled.json").PublicNetworkAccess | Should -Be 'Disabled'
    }

    It 'reads replicas and private endpoint addresses from its own export' {
        $registry = Get-AcrNetworkRule -Path "$derived/acrnetwork-export.json"

        $registry.Regions | Should -Be @('westus', 'eastus')
        $registry.Replications.Status | Should -Be 'Ready'
        $registry.PrivateEndpoints.Addresses.IPAddress | Should -Be @('10.1.0.4', '10.1.0.5', '10.1.0.6')
    }

    It 'expands wildcards and reports the one file that is not a registry without stopping' {
        $registries = Get-AcrNetworkRule -Path "$derived/*.json" -ErrorVariable failures -ErrorAction SilentlyContinue

        $registries.Name | Should -Contain 'contosoregistry'
        $registries.Name | Should -Contain 'devregistry01'
        $registries.LoginServer | Should -Contain 'myregistry-e4gbg3a2fkbsbqdc.azurecr.io'
        $registries.Count | Should -Be 8
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRegistryConfiguration,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -BeLike '*not-a-registry.json'
        $failures[0].Exception.Message | Should -BeLike '*Microsoft.ContainerRegistry/registries/replications*'
    }

    It 'reports a missing file as InputFileNotFound' {
        $null = Get-AcrNetworkRule -Path "$derived/missing.json" -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InputFileNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports malformed JSON clearly, without a crash' {
        $file = Join-Path $TestDrive 'broken.json'
        Set-Content -LiteralPath $file -Value '{ "name": "broken01", "properties": { '

        $null = Get-AcrNetworkRule -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRegistryConfiguration,*'
        $failures[0].Exception.Message | Should -BeLike "$file is not valid JSON*"
    }

    It 'takes files from Get-ChildItem' {
        $registries = Get-ChildItem -Path $upstream -Filter 'Registry*.json' | Get-AcrNetworkRule

        $registries.Count | Should -Be 3
        $registries.Name | Select-Object -Unique | Should -Be 'myRegistry'
    }
}

Describe 'Get-AcrNetworkRule -InputObject' {
    It 'reads az acr show output piped line by line, as native commands pipe' {
        $registry = Get-Content -LiteralPath "$derived/az-acr-show-premium.json" | Get-AcrNetworkRule

        $registry.Name | Should -Be 'contosoregistry'
        $registry.IpRules | Should -Be '192.0.2.0/28'
        $registry.VirtualNetworkRules.SubnetId | Should -BeLike '*/subnets/nodes'
    }

    It 'reads ConvertFrom-Json objects, one registry per object' {
        $registries = Get-Content -Raw -LiteralPath "$derived/az-acr-list.json" | ConvertFrom-Json | Get-AcrNetworkRule

        $registries.Name | Should -Be @('myRegistry', 'myRegistry2')
        $registries[1].IpRules | Should -Be '203.0.113.10/32'
    }

    It 'reads an object shaped like Get-AzContainerRegistry output' {
        $azRegistry = [pscustomobject]@{
            Name                        = 'azpsregistry'
            Id                          = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/azpsregistry'
            Type                        = 'Microsoft.ContainerRegistry/registries'
            Location                    = 'West Europe'
            LoginServer                 = 'azpsregistry.azurecr.io'
            SkuName                     = 'Premium'
            SkuTier                     = 'Premium'
            PublicNetworkAccess         = 'Enabled'
            NetworkRuleSetDefaultAction = 'Deny'
            NetworkRuleSetIPRule        = @([pscustomobject]@{ Action = 'Allow'; IPAddressOrRange = '198.51.100.0/24' })
            NetworkRuleBypassOption     = 'None'
            DataEndpointEnabled         = $true
            DataEndpointHostName        = @('azpsregistry.westeurope.data.azurecr.io')
            PrivateEndpointConnection   = @()
            AnonymousPullEnabled        = $false
        }

        $registry = $azRegistry | Get-AcrNetworkRule

        $registry.Name | Should -Be 'azpsregistry'
        $registry.Location | Should -Be 'westeurope'
        $registry.Sku | Should -Be 'Premium'
        $registry.DefaultAction | Should -Be 'Deny'
        $registry.IpRules | Should -Be '198.51.100.0/24'
        $registry.TrustedServicesBypass | Should -Be 'None'
        $registry.DataEndpoints.Region | Should -Be 'westeurope'
        $registry.ResourceGroupName | Should -Be 'rg1'
    }

    It 'reads a .NET object such as the older Az PSContainerRegistry' {
        $object = New-Object -TypeName PSObject -Property @{
            Name           = 'legacyreg01'
            LoginServer    = 'legacyreg01.azurecr.io'
            SkuName        = 'Premium'
            NetworkRuleSet = [pscustomobject]@{
                DefaultAction       = [System.Net.Sockets.ProtocolType]::Unknown
                IpRules             = [System.Collections.Generic.List[object]]@([pscustomobject]@{ IPAddressOrRange = '192.0.2.1' })
                VirtualNetworkRules = [System.Collections.Generic.List[object]]@([pscustomobject]@{ VirtualNetworkResourceId = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/a' })
            }
            CreationDate   = [datetime]'2024-01-01'
        }

        $registry = $object | Get-AcrNetworkRule

        $registry.Sku | Should -Be 'Premium'
        $registry.DefaultAction | Should -Be 'Unknown'
        $registry.IpRules | Should -Be '192.0.2.1/32'
        $registry.VirtualNetworkRules.SubnetId | Should -BeLike '*/subnets/a'
    }

    It 'round-trips its own output through ConvertTo-Json and through Export-Clixml' {
        $original = Get-AcrNetworkRule -Path "$derived/acrnetwork-export.json"
        $clixml = Join-Path $TestDrive 'registry.xml'
        $original | Export-Clixml -LiteralPath $clixml

        foreach ($copy in @(($original | ConvertTo-Json -Depth 6 | Get-AcrNetworkRule), (Import-Clixml -LiteralPath $clixml | Get-AcrNetworkRule))) {
            $copy.Name | Should -Be $original.Name
            $copy.Sku | Should -Be $original.Sku
            $copy.PublicNetworkAccess | Should -Be $original.PublicNetworkAccess
            $copy.Regions | Should -Be $original.Regions
            $copy.PrivateEndpoints.Addresses.Fqdn | Should -Be $original.PrivateEndpoints.Addresses.Fqdn
            $copy.PrivateEndpoints.ConnectionStatus | Should -Be 'Approved'
        }
    }

    It 'passes its own objects through unchanged' {
        $original = Get-AcrNetworkRule -Path "$upstream/RegistryGet.json"

        [object]::ReferenceEquals(($original | Get-AcrNetworkRule), $original) | Should -BeTrue
    }

    It 'refuses a value that cannot describe a registry, and goes on with the next input' {
        $registries = @(42, [pscustomobject]@{ Name = 'fromobject' }) | Get-AcrNetworkRule -ErrorVariable failures -ErrorAction SilentlyContinue

        $registries.Name | Should -Be 'fromobject'
        $registries.LoginServer | Should -Be 'fromobject.azurecr.io'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedInputObject,*'
        $failures[0].TargetObject | Should -Be 42
    }

    It 'uses -Environment for the host names an export leaves out' {
        ([pscustomobject]@{ Name = 'chinareg01' } | Get-AcrNetworkRule -Environment AzureChinaCloud).LoginServer | Should -Be 'chinareg01.azurecr.cn'
    }
}

Describe 'Get-AcrNetworkRule refuses bad Azure input at binding' {
    It 'explains a login server or URL given as -Name' {
        $failure = { Get-AcrNetworkRule -Name 'https://myregistry.azurecr.io/v2/' -AccessToken 'unused' } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $failure.Exception.Message | Should -BeLike "*is a login server or URL, not a registry name. Use -LoginServer myregistry.azurecr.io or -Name myregistry."
    }

    It 'refuses a name that is not 5 to 50 letters and digits' -ForEach 'abc', 'my-registry', ('a' * 51) {
        { Get-AcrNetworkRule -Name $_ -AccessToken 'unused' } | Should -Throw '*5 to 50 letters and digits*'
    }

    It 'refuses a resource ID that is not a registry''s' -ForEach @(
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe1'
        'myregistry'
        '/subscriptions/prod/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry'
    ) {
        { Get-AcrNetworkRule -ResourceId $_ -AccessToken 'unused' } | Should -Throw '*is not a registry resource ID such as /subscriptions/*'
    }

    It 'refuses a subscription name where a subscription ID belongs' {
        { Get-AcrNetworkRule -Name myregistry -SubscriptionId 'Production' -AccessToken 'unused' } | Should -Throw "*'Production' is not a subscription ID*"
    }

    It 'refuses a login server that names no registry, as InvalidLoginServer' {
        $null = Get-AcrNetworkRule -LoginServer 'https://a.b/' -AccessToken 'unused' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLoginServer,*'
    }

    It 'does not take -Name and -All together' {
        { Get-AcrNetworkRule -Name myregistry -All } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }
}

Describe 'RegistryNetworkConfig default view' {
    It 'reads as a table with the settings that decide reachability' {
        $text = Get-AcrNetworkRule -Path "$derived/registry-locked-down.json" | Out-String -Width 200

        $text | Should -Match 'Name\s+Sku\s+Public\s+Rules\s+Private\s+Data\s+Regions'
        $text | Should -Match 'myRegistry\s+Premium\s+Selected\s+2 IP, \d+ VNet\s+1 Approved, 1 Pending\s+Dedicated\s+westus'
    }

    It 'shows every setting in the Wide view' {
        $text = Get-AcrNetworkRule -Path "$derived/registry-locked-down.json" | Format-Table -View Wide | Out-String -Width 300

        $text | Should -Match 'Name\s+Sku\s+PublicNetworkAccess\s+DefaultAction\s+IpRules\s+VirtualNetworkRules\s+PrivateEndpoints\s+DataEndpoints\s+Regions'
        $text | Should -Match 'myRegistry\s+Premium\s+Enabled\s+Deny\s+198\.51\.100\.7/32, 203\.0\.113\.0/24\s+\d+\s+1 Approved, 1 Pending\s+\S*westus\S*'
    }
}

Describe 'Stopping' {
    It 'returns the pipeline within a second of Ctrl+C while a read is still blocked' {
        # A FIFO with no writer blocks the read forever: only the stop can end the command.
        $fifo = Join-Path $TestDrive 'export.fifo'
        & mkfifo $fifo
        $shell = [powershell]::Create().AddCommand('Import-Module').AddArgument((Get-BuiltModulePath)).AddStatement().AddCommand('Get-AcrNetworkRule').AddParameter('LiteralPath', $fifo)
        try {
            $invocation = $shell.BeginInvoke()
            Start-Sleep -Milliseconds 500
            $shell.InvocationStateInfo.State | Should -Be 'Running'

            # Stop() returns once the state is Stopped; the invocation completes a moment later, within the same second.
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $returned = $invocation.AsyncWaitHandle.WaitOne([math]::Max(0, 1000 - $watch.ElapsedMilliseconds))
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $returned | Should -BeTrue
            $invocation.IsCompleted | Should -BeTrue
        }
        finally {
            # Opening a FIFO read-write never blocks and releases a reader still waiting in open().
            $release = [System.IO.FileStream]::new($fifo, 'Open', 'ReadWrite')
            $release.Dispose()
            $shell.Dispose()
        }
    }
}
