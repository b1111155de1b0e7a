#requires -Modules Pester
# Get-AcrNetworkRule reading Azure Resource Manager: the built module runs as the lab's client, inside the
# client namespace, against the lab's ARM endpoint (nginx, plus arm-emulator.py for Resource Graph and
# ARM's failure modes). Needs root, like the lab.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $scenarios = @(Get-AcrLabScenario | ForEach-Object {
            @{ Name = $_.Name; Exists = $_.Config.Exists; HasPrivateEndpoint = @($_.Config.PrivateEndpoints).Count -gt 0; ArmFailedStage = $_.Probe.Arm.FailedStage }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force
    Install-AcrLabPrerequisite
    $standInAz = Join-Path $PSScriptRoot 'stand-ins/Az.Accounts'

    function Invoke-LabNetworkRule {
        <#
        .SYNOPSIS
        Runs Get-AcrNetworkRule as the lab's client and returns what it wrote: Registries, Errors,
        Warnings, Verbose, plus the process's raw output and the lab's ARM access log lines it caused.
        #>
        param(
            [Parameter(Mandatory)] $Lab,
            [Parameter(Mandatory)][string] $Arguments,
            [string] $Prelude = '',
            [hashtable] $Environment = @{}
        )
        $run = Invoke-AcrLabClient -Lab $Lab -TimeoutSec 120 -Environment $Environment -InputObject @{ Environment = $Lab.Environment } -Script @"
`$ErrorActionPreference = 'Stop'
`$PSStyle.OutputRendering = 'PlainText'
$Prelude
Import-Module `$in.ModulePath
`$environment = `$in.Environment
`$output = @(Get-AcrNetworkRule $Arguments -Environment `$environment -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1)
'<<RESULT>>' + ([pscustomobject]@{
    Registries = @(`$output | Where-Object { `$_ -is [AcrNetwork.RegistryNetworkConfig] })
    Verbose    = @(`$output | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    Warnings   = @(`$warnings | ForEach-Object Message)
    Errors     = @(`$failures | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId; Category = "`$(`$_.CategoryInfo.Category)"; Target = "`$(`$_.TargetObject)"; Message = `$_.Exception.Message } })
} | ConvertTo-Json -Depth 10 -EnumsAsStrings)
"@
        if ($run.ExitCode -ne 0 -or $run.TimedOut) { throw "The lab client failed ($($run.ExitCode)): $($run.StdErr)$($run.StdOut)" }
        $result = $run.Output
        $result | Add-Member -NotePropertyName Raw -NotePropertyValue $run.Raw
        $result | Add-Member -NotePropertyName ArmRequests -NotePropertyValue @($run.AccessLog | Where-Object { $_ -match ' management\.lab\.test "' })
        $result
    }
}

Describe 'Get-AcrNetworkRule reads scenario <Name> from the lab ARM' -ForEach $scenarios {
    BeforeAll {
        $lab = Start-AcrLab -Scenario $Name
        $config = $lab.Scenario.Config
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)' -AccessToken '$($lab.ArmAccessToken)'"
    }
    AfterAll {
        if ($lab) { Stop-AcrLab -Id $lab.Id }
    }

    # Each It is declared only where it applies: the scenario's data is known at discovery.
    if (-not $Exists) {
        It 'says RegistryNotFound for a registry that does not exist' {
            $result.Registries | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            $result.Errors[0].Id | Should -BeLike 'RegistryNotFound,*'
            $result.Errors[0].Category | Should -Be 'ObjectNotFound'
            $result.Errors[0].Target | Should -Be $lab.RegistryName
        }
    }

    if ($ArmFailedStage -eq 'Proxy') {
        It 'says ArmUnreachable when the client''s proxy will not carry it to ARM' {
            $result.Registries | Should -BeNullOrEmpty
            $result.Errors.Count | Should -Be 1
            $result.Errors[0].Id | Should -BeLike 'ArmUnreachable,*'
            $result.Errors[0].Category | Should -Be 'ConnectionError'
            $result.Errors[0].Message | Should -BeLike "Cannot reach Azure Resource Manager at https://management.lab.test/ through the proxy $($lab.Proxy.Uri)*"
        }
    }

    if ($Exists -and -not $ArmFailedStage) {
        It 'returns the registry''s configuration as the scenario describes it' {
            $result.Errors | Should -BeNullOrEmpty
            $result.Warnings | Should -BeNullOrEmpty
            $result.Registries.Count | Should -Be 1
            $registry = $result.Registries[0]
            $registry.Name | Should -Be $lab.RegistryName
            $registry.ResourceId | Should -Be $lab.ResourceId
            $registry.SubscriptionId | Should -Be $lab.SubscriptionId
            $registry.ResourceGroupName | Should -Be $lab.ResourceGroupName
            $registry.LoginServer | Should -Be $lab.LoginServer
            $registry.Sku | Should -Be $config.Sku
            $registry.Location | Should -Be $config.Location
            $registry.PublicNetworkAccess | Should -Be $config.PublicNetworkAccess
            $registry.DefaultAction | Should -Be $config.NetworkRuleSet.DefaultAction
            @($registry.IpRules) | Should -Be @($config.NetworkRuleSet.IpRules)
            $registry.TrustedServicesBypass | Should -Be $config.NetworkRuleBypassOptions
            $registry.DataEndpointEnabled | Should -Be ([bool]$config.DataEndpointEnabled)
            @($registry.Regions) | Should -Be @(@($config.Location) + @($config.Replications))
            @($registry.UnreadResources) | Should -BeNullOrEmpty
            @($registry.PrivateEndpoints.Name) | Should -Be @($config.PrivateEndpoints | ForEach-Object Name)
            @($registry.PrivateEndpoints.ConnectionStatus) | Should -Be @($config.PrivateEndpoints | ForEach-Object ConnectionStatus)
        }
    }

    if ($HasPrivateEndpoint) {
        It 'gives each private endpoint''s address per FQDN, and the zone''s records and VNet link' {
            $registry = $result.Registries[0]
            $expected = @($lab.Endpoints | Where-Object { $_.Role -in 'Rest', 'Data' } | ForEach-Object { "$($_.Fqdn)=$($_.PrivateAddress)" })

            $endpoint = $registry.PrivateEndpoints[0]
            @($endpoint.Addresses | ForEach-Object { "$($_.Fqdn)=$($_.IPAddress)" }) | Should -Be $expected
            $endpoint.Addresses[0].MemberName | Should -Be 'registry'
            $endpoint.SubnetId | Should -BeLike '*/subnets/*'
            @($endpoint.DnsZoneGroupRecords | ForEach-Object { "$($_.Fqdn -replace '\.privatelink\.', '.')=$($_.IPAddresses)" }) | Should -Be $expected

            $registry.PrivateDnsZones.Count | Should -Be 1
            $zone = $registry.PrivateDnsZones[0]
            $zone.Name | Should -Be "privatelink.$($lab.Environment.ContainerRegistryEndpointSuffix)"
            @($zone.Records | ForEach-Object { "$($_.Fqdn -replace '\.privatelink\.', '.')=$($_.IPAddresses)" }) | Should -Be $expected
            $zone.VirtualNetworkLinks[0].VirtualNetworkId | Should -BeLike '*/virtualNetworks/*'
            $zone.VirtualNetworkLinks[0].State | Should -Be 'Completed'
        }
    }
}

Describe 'Get-AcrNetworkRule when the lab ARM fails' {
    BeforeAll {
        $lab = Start-AcrLab -Scenario healthy-private-endpoint -ArmFault PrivateEndpointForbidden, RegistryThrottledOnce, RecordsPaged
        $token = $lab.ArmAccessToken
        $read = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)' -AccessToken '$token'"
    }
    AfterAll {
        if ($lab) { Stop-AcrLab -Id $lab.Id }
    }

    It 'gives a partial result and a warning naming the private endpoint it may not read (403)' {
        $endpointId = "/subscriptions/$($lab.SubscriptionId)/resourceGroups/$($lab.ResourceGroupName)/providers/Microsoft.Network/privateEndpoints/pe-contosoprivate"
        $read.Errors | Should -BeNullOrEmpty
        $registry = $read.Registries[0]
        $registry.UnreadResources.Count | Should -Be 1
        $registry.UnreadResources[0].ResourceId | Should -Be $endpointId
        $registry.UnreadResources[0].StatusCode | Should -Be 403
        $registry.UnreadResources[0].ErrorCode | Should -Be 'AuthorizationFailed'
        $read.Warnings.Count | Should -Be 1
        $read.Warnings[0] | Should -BeLike "contosoprivate: could not read the private endpoint $endpointId (ARM answered 403 AuthorizationFailed*partial."
        $registry.PrivateEndpoints[0].ConnectionStatus | Should -Be 'Approved'
        $registry.PrivateEndpoints[0].DnsZoneGroupRecords.Count | Should -Be 3
    }

    It 'retries 429 after Retry-After and then reads the registry' {
        $registryRequests = @($read.ArmRequests | Where-Object { $_ -match "GET $([regex]::Escape($lab.ResourceId))\?" })
        $registryRequests.Count | Should -Be 2
        $registryRequests[0] | Should -Match '" 429 '
        $registryRequests[1] | Should -Match '" 200 '
        $read.Registries[0].Sku | Should -Be 'Premium'
    }

    It 'follows nextLink to the second page of the private DNS zone''s records' {
        @($read.ArmRequests | Where-Object { $_ -match '/A\?api-version=2024-06-01&\$skipToken=1 ' }).Count | Should -Be 1
        $read.Registries[0].PrivateDnsZones[0].Records.Count | Should -Be 3
    }

    It 'finds the registry by name through Resource Graph, then reads it with pinned api-versions and no provider look-ups' {
        $read.ArmRequests[0] | Should -Match '"POST /providers/Microsoft.ResourceGraph/resources\?api-version=2022-10-01 '
        $read.ArmRequests | Where-Object { $_ -match 'GET /subscriptions/[^/]+/providers(\?|/Microsoft\.(ContainerRegistry|Network)\?)' } | Should -BeNullOrEmpty
        $read.Verbose | Should -Contain 'Azure credential: the token given with -AccessToken.'
        $read.Verbose | Where-Object { $_ -match '^Azure Resource Manager: \d+ HTTP requests' } | Should -HaveCount 1
    }

    It 'says RegistryNotFound for a registry that does not exist (404)' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name ghostregistry01 -ResourceGroupName '$($lab.ResourceGroupName)' -SubscriptionId '$($lab.SubscriptionId)' -AccessToken '$token'"

        $result.Registries | Should -BeNullOrEmpty
        $result.Errors[0].Id | Should -BeLike 'RegistryNotFound,*'
        $result.Errors[0].Message | Should -BeLike '*404 ResourceNotFound*ghostregistry01*'
    }

    It 'refuses a wrong token with AzureAuthenticationFailed, and never shows a token' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)' -AccessToken 'not-the-lab-token'"

        $result.Errors[0].Id | Should -BeLike 'AzureAuthenticationFailed,*'
        $result.Errors[0].Category | Should -Be 'AuthenticationError'
        $result.Raw | Should -Not -Match 'not-the-lab-token'
        $read.Raw | Should -Not -Match ([regex]::Escape($token))
    }

    It 'says AzureCredentialUnavailable when no credential exists at all' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)'" -Environment @{ IDENTITY_ENDPOINT = $null; MSI_ENDPOINT = $null; AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_FEDERATED_TOKEN_FILE = $null }

        $result.Errors[0].Id | Should -BeLike 'AzureCredentialUnavailable,*'
        $result.Errors[0].Message | Should -BeLike '*-AccessToken*Connect-AzAccount*'
        $result.Verbose | Should -Contain "Azure credential: DefaultAzureCredential's sources (environment variables, workload identity, managed identity, Azure CLI), found once per session."
    }

    It 'remembers for the session that no credential was found, and says which sources it left out and why' {
        $azureCliConfig = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "acrnetwork-cli-$([guid]::NewGuid())")
        try {
            $noCredential = @{ IDENTITY_ENDPOINT = $null; MSI_ENDPOINT = $null; AZURE_CLIENT_ID = $null; AZURE_TENANT_ID = $null; AZURE_FEDERATED_TOKEN_FILE = $null; AZURE_POD_IDENTITY_AUTHORITY_HOST = $null; AZURE_CONFIG_DIR = $azureCliConfig.FullName }
            $earlierCall = "Import-Module `$in.ModulePath; `$null = Get-AcrNetworkRule -Name '$($lab.RegistryName)' -Environment `$in.Environment -ErrorAction SilentlyContinue"

            $first = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)'" -Environment $noCredential
            $second = Invoke-LabNetworkRule -Lab $lab -Arguments "-Name '$($lab.RegistryName)'" -Prelude $earlierCall -Environment $noCredential
        }
        finally {
            Remove-Item -LiteralPath $azureCliConfig -Recurse -Force
        }

        $found = 'Azure credential source: none found (EnvironmentCredential: *; WorkloadIdentityCredential: *; ManagedIdentityCredential: no IDENTITY_ENDPOINT or MSI_ENDPOINT, and this is not an Azure VM; AzureCliCredential: the Azure CLI is not installed or has not signed in (az login))'
        @($first.Verbose | Where-Object { $_ -like "$found, found now." }).Count | Should -Be 1
        @($second.Verbose | Where-Object { $_ -like "$found, cached from an earlier call." }).Count | Should -Be 1
        $second.Errors[0].Id | Should -BeLike 'AzureCredentialUnavailable,*'
    }

    It 'uses the signed-in Az PowerShell context when its token is a <_>' -ForEach 'SecureString', 'String' {
        $prelude = "Import-Module '$standInAz'"
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-ResourceId '$($lab.ResourceId)'" -Prelude $prelude -Environment @{ ACRNETWORK_STANDIN_TOKEN = $token; ACRNETWORK_STANDIN_TOKEN_FORM = $_ }

        $result.Errors | Should -BeNullOrEmpty
        $result.Registries[0].Name | Should -Be $lab.RegistryName
        $result.Verbose | Should -Contain 'Azure credential: the signed-in Az PowerShell context.'
        $result.Raw | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'Get-AcrNetworkRule when the lab ARM answers malformed JSON' {
    BeforeAll { $lab = Start-AcrLab -Scenario healthy -ArmFault RegistryMalformed }
    AfterAll { if ($lab) { Stop-AcrLab -Id $lab.Id } }

    It 'reports InvalidArmResponse clearly instead of crashing' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-ResourceId '$($lab.ResourceId)' -AccessToken '$($lab.ArmAccessToken)'"

        $result.Registries | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Id | Should -BeLike 'InvalidArmResponse,*'
        $result.Errors[0].Category | Should -Be 'InvalidData'
        $result.Errors[0].Message | Should -BeLike "ARM answered $($lab.ResourceId) with malformed JSON*"
    }
}

Describe 'Get-AcrNetworkRule in a cloud without the registry''s preview api-version' {
    BeforeAll { $lab = Start-AcrLab -Scenario regional-endpoint-blocked -ArmFault RegistryPreviewRefused }
    AfterAll { if ($lab) { Stop-AcrLab -Id $lab.Id } }

    It 'reads the registry at the stable api-version after the preview is refused, without the preview''s properties' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-ResourceId '$($lab.ResourceId)' -AccessToken '$($lab.ArmAccessToken)'"

        $result.Errors | Should -BeNullOrEmpty
        $result.Registries.Count | Should -Be 1
        $result.Registries[0].RegionalEndpointsEnabled | Should -BeFalse
        @($result.Registries[0].RegionalEndpoints) | Should -BeNullOrEmpty
        $reads = @($result.ArmRequests | Where-Object { $_ -match "GET $([regex]::Escape($lab.ResourceId))\?api-version=(?<version>\S+) HTTP/1\.1`" (?<status>\d+)" } | ForEach-Object { "$($Matches.version) $($Matches.status)" })
        $reads | Should -Be @('2026-01-01-preview 400', '2025-04-01 200')
    }
}

Describe 'Get-AcrNetworkRule -All over the lab''s Resource Graph' {
    BeforeAll { $lab = Start-AcrLab -Scenario healthy-private-endpoint -ArmFault Fleet }
    AfterAll { if ($lab) { Stop-AcrLab -Id $lab.Id } }

    It 'returns all 200 registries across 3 subscriptions, one query per page' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-All -AccessToken '$($lab.ArmAccessToken)'"

        $result.Errors | Should -BeNullOrEmpty
        $result.Registries.Count | Should -Be 200
        @($result.Registries.Name | Sort-Object -Unique).Count | Should -Be 200
        @($result.Registries.SubscriptionId | Sort-Object -Unique).Count | Should -Be 3
        @($result.ArmRequests | Where-Object { $_ -match '"POST /providers/Microsoft.ResourceGraph/resources' }).Count | Should -Be 4
        $private = $result.Registries | Where-Object Name -EQ $lab.RegistryName
        $private.PrivateEndpoints[0].Addresses.Count | Should -Be 3
    }

    It 'limits -All to one subscription with -SubscriptionId' {
        $result = Invoke-LabNetworkRule -Lab $lab -Arguments "-All -SubscriptionId '$($lab.SubscriptionId)' -AccessToken '$($lab.ArmAccessToken)'"

        $result.Registries.Count | Should -BeGreaterThan 0
        $result.Registries.Count | Should -BeLessThan 200
        @($result.Registries.SubscriptionId | Sort-Object -Unique) | Should -Be @($lab.SubscriptionId)
    }
}
