# ARM responses for the scenario, generated at lab start.
#
# DERIVED DATA. The shapes are derived from examples in Azure/azure-rest-api-specs (MIT License,
# Copyright (c) Microsoft Corporation), copied under ../shared/fixtures/azure-rest-api-specs/ with their
# provenance; each builder names the example it follows. Upstream has no example of a locked-down
# registry, a NIC's privateLinkConnectionProperties or the lab's names, so values are the scenario's,
# filled in against the swagger. See tests/lab/README.md.
#
# Each route is a path (matched case-insensitively, like ARM) and a JSON body; the front door serves
# them only to `Authorization: Bearer <lab ARM token>` with an api-version.

$script:RegistryCreated = '2025-01-15T09:30:12.4811923Z'

function Get-LabArmRoute {
    param([Parameter(Mandatory)] $Plan)
    $config = $Plan.Scenario.Config
    $subscription = "/subscriptions/$($Plan.SubscriptionId)"
    $group = "$subscription/resourceGroups/$($Plan.ResourceGroup)"
    $routes = [System.Collections.Generic.List[object]]::new()
    $add = { param([string] $Path, $Body) $routes.Add([pscustomobject]@{ Path = $Path; Body = $Body }) }

    # Subscription list and get (shape of ARM's Subscriptions_List; no fixture in the specs copy).
    $subscriptionBody = [ordered]@{
        id                   = $subscription
        authorizationSource  = 'RoleBased'
        managedByTenants     = @()
        subscriptionId       = $Plan.SubscriptionId
        tenantId             = $Plan.TenantId
        displayName          = 'AcrLab'
        state                = 'Enabled'
        subscriptionPolicies = [ordered]@{ locationPlacementId = 'Public_2014-09-01'; quotaId = 'PayAsYouGo_2014-09-01'; spendingLimit = 'Off' }
    }
    & $add '/subscriptions' ([ordered]@{ value = @($subscriptionBody); count = [ordered]@{ type = 'Total'; value = 1 } })
    & $add $subscription $subscriptionBody

    $registries = @()
    if ($config.Exists) {
        $registry = New-LabArmRegistry -Plan $Plan
        $registries = @($registry)
        & $add $Plan.RegistryId $registry
        # @(): an if statement unrolls a one-element array, and ARM's value is always a list.
        $replications = @(if ($config.Sku -eq 'Premium') { $Plan.Regions | ForEach-Object { New-LabArmReplication -Plan $Plan -Region $_ } })
        & $add "$($Plan.RegistryId)/replications" ([ordered]@{ value = $replications })
        foreach ($replication in $replications) { & $add $replication.id $replication }
        $connections = @($registry.properties.privateEndpointConnections)
        & $add "$($Plan.RegistryId)/privateEndpointConnections" ([ordered]@{ value = $connections })
        foreach ($connection in $connections) { & $add $connection.id $connection }
        if ($Plan.PrivateEndpoint) {
            foreach ($resource in New-LabArmPrivateNetworking -Plan $Plan) { & $add $resource.Path $resource.Body }
        }
        if ($Plan.Scenario.ClientNetwork) {
            foreach ($resource in New-LabArmClientNetwork -Plan $Plan) { & $add $resource.Path $resource.Body }
        }
        # A VNet rule's subscription must have registered the provider; the module reads that registration
        # (the shape of tests/data/derived/arm/provider-not-registered.json, registered).
        if ($config.NetworkRuleSet -and @($config.NetworkRuleSet['VirtualNetworkRules']).Count -gt 0) {
            $provider = "$subscription/providers/Microsoft.ContainerRegistry"
            & $add $provider ([ordered]@{ id = $provider; namespace = 'Microsoft.ContainerRegistry'; registrationState = 'Registered'; registrationPolicy = 'RegistrationRequired'; resourceTypes = @() })
        }
    }
    if ($Plan.Scenario.Aks) {
        foreach ($resource in New-LabArmAks -Plan $Plan) { & $add $resource.Path $resource.Body }
    }
    # RegistryList.json / RegistryListByResourceGroup.json
    & $add "$subscription/providers/Microsoft.ContainerRegistry/registries" ([ordered]@{ value = $registries })
    & $add "$group/providers/Microsoft.ContainerRegistry/registries" ([ordered]@{ value = $registries })
    $routes
}

function New-LabArmRegistry {
    # Derived from containerregistry/2025-04-01/RegistryGet.json.
    param([Parameter(Mandatory)] $Plan)
    $config = $Plan.Scenario.Config
    $networkRuleSet = if ($null -ne $config.NetworkRuleSet) {
        [ordered]@{
            defaultAction = $config.NetworkRuleSet.DefaultAction
            ipRules       = @($config.NetworkRuleSet.IpRules | ForEach-Object { [ordered]@{ action = 'Allow'; value = $_ } })
            virtualNetworkRules = @($config.NetworkRuleSet['VirtualNetworkRules'] | Where-Object { $_ -eq 'Client' } | ForEach-Object { [ordered]@{ action = 'Allow'; id = Get-LabClientSubnetId -Plan $Plan } })
        }
    }
    $registry = [ordered]@{
        id         = $Plan.RegistryId
        name       = $Plan.RegistryName
        type       = 'Microsoft.ContainerRegistry/registries'
        location   = $config.Location
        tags       = [ordered]@{ environment = 'acrlab' }
        sku        = [ordered]@{ name = $config.Sku; tier = $config.Sku }
        properties = [ordered]@{
            loginServer                = $Plan.LoginServer
            creationDate               = $script:RegistryCreated
            provisioningState          = 'Succeeded'
            adminUserEnabled           = $false
            networkRuleSet             = $networkRuleSet
            policies                   = [ordered]@{
                quarantinePolicy                 = [ordered]@{ status = 'disabled' }
                trustPolicy                      = [ordered]@{ type = 'Notary'; status = 'disabled' }
                retentionPolicy                  = [ordered]@{ days = 7; lastUpdatedTime = '2025-01-15T09:31:40.1206735+00:00'; status = 'disabled' }
                exportPolicy                     = [ordered]@{ status = 'enabled' }
                azureADAuthenticationAsArmPolicy = [ordered]@{ status = 'enabled' }
            }
            encryption                 = [ordered]@{ status = 'disabled' }
            status                     = $null
            dataEndpointEnabled        = [bool]$config.DataEndpointEnabled
            dataEndpointHostNames      = @($Plan.Data | ForEach-Object { $_.Fqdn })
            privateEndpointConnections = @(if ($Plan.PrivateEndpoint) { New-LabArmPrivateEndpointConnection -Plan $Plan })
            publicNetworkAccess        = $config.PublicNetworkAccess
            networkRuleBypassOptions   = $config.NetworkRuleBypassOptions
            zoneRedundancy             = 'Disabled'
            anonymousPullEnabled       = $false
        }
    }
    # Properties of API versions after 2025-04-01 (containerregistry/2026-01-01-preview/RegistryGet.json), given only when the scenario sets them.
    if ($config['DualStack']) { $registry.properties.endpointProtocol = 'IPv4AndIPv6' }
    if ($config['RegionalEndpoints']) {
        $registry.properties.regionalEndpoints = 'Enabled'
        $registry.properties.regionalEndpointHostNames = @($Plan.Regional | ForEach-Object { $_.Fqdn })
    }
    if ($config.ContainsKey('TasksBypassAllowed')) { $registry.properties.networkRuleBypassAllowedForTasks = [bool]$config.TasksBypassAllowed }
    $registry
}

function New-LabArmReplication {
    # Derived from containerregistry/2025-04-01/ReplicationList.json.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)][string] $Region)
    [ordered]@{
        id         = "$($Plan.RegistryId)/replications/$Region"
        name       = $Region
        type       = 'Microsoft.ContainerRegistry/registries/replications'
        location   = $Region
        tags       = [ordered]@{}
        properties = [ordered]@{
            provisioningState    = 'Succeeded'
            status               = [ordered]@{ displayStatus = 'Ready'; message = 'The replication is ready.'; timestamp = '2025-01-15T09:45:03.5560128Z' }
            regionEndpointEnabled = $true
            zoneRedundancy       = 'Disabled'
        }
    }
}

function Get-LabArmPrivateEndpointId {
    param([Parameter(Mandatory)] $Plan)
    "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Network/privateEndpoints/$($Plan.PrivateEndpoint.Name)"
}

function Get-LabConnectionState {
    param([Parameter(Mandatory)][string] $Status)
    # Descriptions as the portal and the fixtures word them.
    $description = switch ($Status) {
        'Approved' { 'Auto-Approved' }
        'Pending' { 'Awaiting approval' }
        'Rejected' { 'Rejected by the registry owner' }
        'Disconnected' { 'The private endpoint was disconnected' }
    }
    [ordered]@{ status = $Status; description = $description; actionsRequired = 'None' }
}

function New-LabArmPrivateEndpointConnection {
    # Derived from containerregistry/2025-04-01/PrivateEndpointConnectionList.json.
    param([Parameter(Mandatory)] $Plan)
    $name = "$($Plan.PrivateEndpoint.Name).$(New-LabStableGuid "$($Plan.RegistryName)/connection")"
    [ordered]@{
        id         = "$($Plan.RegistryId)/privateEndpointConnections/$name"
        name       = $name
        type       = 'Microsoft.ContainerRegistry/registries/privateEndpointConnections'
        properties = [ordered]@{
            provisioningState                 = 'Succeeded'
            privateEndpoint                   = [ordered]@{ id = Get-LabArmPrivateEndpointId -Plan $Plan }
            privateLinkServiceConnectionState = Get-LabConnectionState -Status $Plan.PrivateEndpoint.ConnectionStatus
        }
    }
}

function New-LabStableGuid {
    # A GUID that is the same for the same text, so recorded ids do not change between runs.
    param([Parameter(Mandatory)][string] $Text)
    [guid]::new([System.Security.Cryptography.MD5]::HashData([System.Text.Encoding]::UTF8.GetBytes($Text))).ToString()
}

function New-LabArmPrivateNetworking {
    # The private endpoint, its NIC, its DNS zone group, and the privatelink zone with its records and VNet link.
    param([Parameter(Mandatory)] $Plan)
    $group = "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Network"
    $endpointName = $Plan.PrivateEndpoint.Name
    $endpointId = Get-LabArmPrivateEndpointId -Plan $Plan
    $vnetId = "$group/virtualNetworks/$($script:VirtualNetwork)"
    $subnetId = "$vnetId/subnets/private-endpoints"
    $nicName = "$endpointName.nic.$(New-LabStableGuid "$endpointName/nic")"
    $nicId = "$group/networkInterfaces/$nicName"
    $zoneId = "$group/privateDnsZones/$($script:PrivateLinkZone)"
    $members = @(@($Plan.Rest) + @($Plan.Data))
    $status = $Plan.PrivateEndpoint.ConnectionStatus

    # Derived from network/2025-05-01/PrivateEndpointGet.json (approved) and
    # network/2025-09-01/PrivateEndpointGetForManualApproval.json (any other state).
    $connection = [ordered]@{
        id         = "$endpointId/$(if ($status -eq 'Approved') { 'privateLinkServiceConnections' } else { 'manualPrivateLinkServiceConnections' })/$endpointName"
        name       = $endpointName
        properties = [ordered]@{
            privateLinkServiceId              = $Plan.RegistryId
            groupIds                          = @('registry')
            requestMessage                    = if ($status -eq 'Approved') { '' } else { 'Please approve the connection for the AcrLab VNet.' }
            privateLinkServiceConnectionState = Get-LabConnectionState -Status $status
        }
    }
    $endpoint = [ordered]@{
        name       = $endpointName
        id         = $endpointId
        type       = 'Microsoft.Network/privateEndpoints'
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            provisioningState                   = 'Succeeded'
            privateLinkServiceConnections       = @(if ($status -eq 'Approved') { $connection })
            manualPrivateLinkServiceConnections = @(if ($status -ne 'Approved') { $connection })
            subnet                              = [ordered]@{ id = $subnetId }
            networkInterfaces                   = @([ordered]@{ id = $nicId })
            customDnsConfigs                    = @($members | ForEach-Object { [ordered]@{ fqdn = $_.Fqdn; ipAddresses = @($_.PrivateAddress) } })
            applicationSecurityGroups           = @()
            ipConfigurations                    = @()
            customNetworkInterfaceName          = ''
        }
    }

    # Derived from network/2025-05-01/NetworkInterfaceGet.json; privateLinkConnectionProperties per the Network swagger.
    $nic = [ordered]@{
        name       = $nicName
        id         = $nicId
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            provisioningState           = 'Succeeded'
            ipConfigurations            = @($members | ForEach-Object {
                    $configName = "privateEndpointIpConfig.$(New-LabStableGuid "$nicName/$($_.MemberName)")"
                    [ordered]@{
                        name       = $configName
                        id         = "$nicId/ipConfigurations/$configName"
                        type       = 'Microsoft.Network/networkInterfaces/ipConfigurations'
                        properties = [ordered]@{
                            provisioningState               = 'Succeeded'
                            privateIPAddress                = $_.PrivateAddress
                            privateIPAllocationMethod       = 'Dynamic'
                            subnet                          = [ordered]@{ id = $subnetId }
                            primary                         = $_.Role -eq 'Rest'
                            privateIPAddressVersion         = 'IPv4'
                            privateLinkConnectionProperties = [ordered]@{
                                groupId            = 'registry'
                                requiredMemberName = $_.MemberName
                                fqdns              = @($_.Fqdn)
                            }
                        }
                    }
                })
            dnsSettings                 = [ordered]@{ dnsServers = @(); appliedDnsServers = @() }
            macAddress                  = ''
            enableAcceleratedNetworking = $false
            enableIPForwarding          = $false
            hostedWorkloads             = @()
            privateEndpoint             = [ordered]@{ id = $endpointId }
            nicType                     = 'Standard'
        }
        type       = 'Microsoft.Network/networkInterfaces'
    }

    # Derived from network/2025-09-01/PrivateEndpointDnsZoneGroupGet.json.
    $zoneGroup = [ordered]@{
        name       = 'default'
        id         = "$endpointId/privateDnsZoneGroups/default"
        properties = [ordered]@{
            privateDnsZoneConfigs = @([ordered]@{
                    name       = $script:PrivateLinkZone.Replace('.', '-')
                    properties = [ordered]@{
                        privateDnsZoneId = $zoneId
                        recordSets       = @($members | ForEach-Object {
                                [ordered]@{
                                    recordType        = 'A'
                                    recordSetName     = $_.RecordName
                                    fqdn              = $_.PrivateLinkFqdn
                                    ttl               = 10
                                    ipAddresses       = @($_.PrivateAddress)
                                    provisioningState = 'Succeeded'
                                }
                            })
                    }
                })
            provisioningState     = 'Succeeded'
        }
    }

    # Derived from privatedns/2024-06-01/RecordSetAList.json and RecordSetAGet.json.
    $records = @($members | ForEach-Object {
            [ordered]@{
                id         = "$zoneId/A/$($_.RecordName)"
                etag       = New-LabStableGuid "$($_.RecordName)/etag"
                name       = $_.RecordName
                type       = 'Microsoft.Network/privateDnsZones/A'
                properties = [ordered]@{
                    metadata         = [ordered]@{ creator = 'created by private endpoint ' + $endpointName + ' with resource guid ' + (New-LabStableGuid $endpointName) }
                    ttl              = 10
                    fqdn             = "$($_.PrivateLinkFqdn)."
                    isAutoRegistered = $false
                    aRecords         = @([ordered]@{ ipv4Address = $_.PrivateAddress })
                }
            }
        })

    # Derived from privatedns/2024-06-01/VirtualNetworkLinkList.json.
    $links = @(Get-LabZoneLinkNetwork -Plan $Plan | ForEach-Object {
            [ordered]@{
                id         = "$zoneId/virtualNetworkLinks/link-$_"
                name       = "link-$_"
                type       = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks'
                location   = 'global'
                etag       = New-LabStableGuid "vnet-link/$_/etag"
                properties = [ordered]@{
                    virtualNetwork          = [ordered]@{ id = "$group/virtualNetworks/$_" }
                    registrationEnabled     = $false
                    virtualNetworkLinkState = 'Completed'
                    provisioningState       = 'Succeeded'
                }
            }
        })

    # Derived from privatedns/2024-06-01/PrivateZoneGet.json.
    $zone = [ordered]@{
        id         = $zoneId
        name       = $script:PrivateLinkZone
        type       = 'Microsoft.Network/privateDnsZones'
        location   = 'global'
        etag       = New-LabStableGuid 'zone/etag'
        properties = [ordered]@{
            maxNumberOfRecordSets                          = 25000
            numberOfRecordSets                             = $records.Count + 1
            maxNumberOfVirtualNetworkLinks                 = 1000
            numberOfVirtualNetworkLinks                    = $links.Count
            maxNumberOfVirtualNetworkLinksWithRegistration = 100
            numberOfVirtualNetworkLinksWithRegistration    = 0
            provisioningState                              = 'Succeeded'
        }
        tags       = [ordered]@{}
    }

    [pscustomobject]@{ Path = $endpointId; Body = $endpoint }
    [pscustomobject]@{ Path = $nicId; Body = $nic }
    [pscustomobject]@{ Path = "$endpointId/privateDnsZoneGroups"; Body = [ordered]@{ value = @($zoneGroup) } }
    [pscustomobject]@{ Path = $zoneGroup.id; Body = $zoneGroup }
    [pscustomobject]@{ Path = $zoneId; Body = $zone }
    [pscustomobject]@{ Path = "$zoneId/A"; Body = [ordered]@{ value = $records } }
    foreach ($record in $records) { [pscustomobject]@{ Path = $record.id; Body = $record } }
    [pscustomobject]@{ Path = "$zoneId/virtualNetworkLinks"; Body = [ordered]@{ value = $links } }
    foreach ($link in $links) { [pscustomobject]@{ Path = $link.id; Body = $link } }
}

function Write-LabArmResponse {
    # Writes each route's body to arm/<n>.json, and routes.txt (path -> file) for a person reading the lab.
    param([Parameter(Mandatory)] $Plan)
    $directory = Join-Path $Plan.WorkDir 'arm'
    $null = New-Item -ItemType Directory -Path $directory -Force
    $index = 0
    $served = foreach ($route in Get-LabArmRoute -Plan $Plan) {
        $index++
        $file = '{0:d3}.json' -f $index
        Write-LabFile -Path (Join-Path $directory $file) -Content (ConvertTo-LabJson $route.Body)
        [pscustomobject]@{ Path = $route.Path; File = $file }
    }
    Write-LabFile -Path (Join-Path $directory 'routes.txt') -Content ((($served | ForEach-Object { "$($_.File)  $($_.Path)" }) -join "`n") + "`n")
    $served
}
