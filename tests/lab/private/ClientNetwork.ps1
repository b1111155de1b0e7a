# The client's own network in Azure, when a scenario describes it (`ClientNetwork`): its VNet, subnet, NSG and
# peering as ARM shows them, the privatelink zone's VNet links, and the iptables rules that make the client's
# packets meet what its NSG says; with a `Firewall`, the route table to an Azure Firewall, its policy, and the
# forwarding namespace that filters as that policy says.
#
# DERIVED DATA. The shapes follow network/2025-09-01/VirtualNetworkGet.json, VirtualNetworkPeeringGet.json,
# SubnetCreateServiceEndpoint.json and network/2025-05-01/NetworkSecurityGroupGet.json from
# Azure/azure-rest-api-specs (MIT License, Copyright (c) Microsoft Corporation), copied under
# ../shared/fixtures/azure-rest-api-specs/ with their provenance; the values are the scenario's.

$script:ClientVirtualNetwork = 'vnet-client'
$script:ClientSubnet = 'workloads'
$script:ClientVirtualNetworkPrefix = '10.0.0.0/24'
$script:EndpointVirtualNetworkPrefix = '10.1.0.0/24'
$script:ClientNetworkVocabulary = @{
    Peering  = @('Connected', 'Initiated', 'None')
    ZoneLink = @('Client', 'Endpoint')
    Access   = @('Allow', 'Deny')
    FirewallAllows = @('Rest', 'Data', 'Storage')
}
# The Azure Firewall the client's route table sends everything to: its private address in the private endpoint's
# (hub) VNet, as a virtual appliance route names it.
$script:AzureFirewallName = 'fw-acrlab'
$script:AzureFirewallAddress = '10.1.0.68'


function Get-LabNetworkGroupId {
    param([Parameter(Mandatory)] $Plan)
    "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Network"
}

function Get-LabClientSubnetId {
    # The client's subnet: what -ClientSubnetId names.
    param([Parameter(Mandatory)] $Plan)
    "$(Get-LabNetworkGroupId -Plan $Plan)/virtualNetworks/$($script:ClientVirtualNetwork)/subnets/$($script:ClientSubnet)"
}

function Test-LabClientNetworkData {
    # Checks a scenario's optional ClientNetwork table; adds each problem found.
    param([Parameter(Mandatory)][hashtable] $Data, [Parameter(Mandatory)] $Problems)
    $client = $Data['ClientNetwork']
    if ($null -eq $client) { return }
    if ($client -isnot [hashtable]) { $Problems.Add('ClientNetwork must be a hashtable'); return }
    foreach ($key in 'Peering', 'ZoneLinks', 'DnsServers', 'NsgRules', 'ServiceEndpoints') {
        if (-not $client.ContainsKey($key)) { $Problems.Add("ClientNetwork lacks '$key'") }
    }
    if ($client['Peering'] -notin $script:ClientNetworkVocabulary.Peering) { $Problems.Add("ClientNetwork.Peering is '$($client['Peering'])'; expected one of: $($script:ClientNetworkVocabulary.Peering -join ', ')") }
    foreach ($link in @($client['ZoneLinks'])) {
        if ($link -notin $script:ClientNetworkVocabulary.ZoneLink) { $Problems.Add("ClientNetwork.ZoneLinks has '$link'; expected Client or Endpoint") }
    }
    foreach ($server in @($client['DnsServers'])) {
        $address = $null
        if (-not [System.Net.IPAddress]::TryParse("$server", [ref] $address)) { $Problems.Add("ClientNetwork.DnsServers has '$server', which is not an address") }
    }
    foreach ($rule in @($client['NsgRules'])) {
        foreach ($key in 'Name', 'Priority', 'Access', 'Destination', 'Ports') {
            if (-not $rule.ContainsKey($key)) { $Problems.Add("ClientNetwork.NsgRules[] lacks '$key'") }
        }
        if ($rule['Access'] -notin $script:ClientNetworkVocabulary.Access) { $Problems.Add("ClientNetwork.NsgRules[].Access is '$($rule['Access'])'; expected Allow or Deny") }
        try { $null = [System.Net.IPNetwork]::Parse("$($rule['Destination'])") }
        catch { $Problems.Add("ClientNetwork.NsgRules[].Destination '$($rule['Destination'])' is not a CIDR range: the lab enforces CIDR rules only") }
        if ("$($rule['Ports'])" -notmatch '^(\*|\d+(-\d+)?)$') { $Problems.Add("ClientNetwork.NsgRules[].Ports '$($rule['Ports'])' is not '*', a port or a range") }
    }
    if ($null -ne $client['Firewall']) {
        foreach ($role in @($client.Firewall['Allow'])) {
            if ($role -notin $script:ClientNetworkVocabulary.FirewallAllows) { $Problems.Add("ClientNetwork.Firewall.Allow has '$role'; expected Rest, Data or Storage") }
        }
    }
    if ($Data.Network.Proxy -ne 'None') { $Problems.Add('ClientNetwork is for clients that connect directly') }
    $expected = $Data.Expected['WithClientSubnet']
    if ($null -eq $expected) { $Problems.Add("Expected lacks 'WithClientSubnet': a scenario with a ClientNetwork declares the diagnosis given -ClientSubnetId") }
}

function New-LabArmClientNetwork {
    # The client's VNet (with its subnet and peering) and NSG, as ARM answers them.
    param([Parameter(Mandatory)] $Plan)
    $client = $Plan.Scenario.ClientNetwork
    $group = Get-LabNetworkGroupId -Plan $Plan
    $vnetId = "$group/virtualNetworks/$($script:ClientVirtualNetwork)"
    $nsgId = "$group/networkSecurityGroups/nsg-$($script:ClientSubnet)"
    $peerings = @(if ($client.Peering -ne 'None') {
            [ordered]@{
                name       = "$($script:ClientVirtualNetwork)-to-$($script:VirtualNetwork)"
                id         = "$vnetId/virtualNetworkPeerings/$($script:ClientVirtualNetwork)-to-$($script:VirtualNetwork)"
                properties = [ordered]@{
                    allowForwardedTraffic            = $false
                    allowGatewayTransit              = $false
                    allowVirtualNetworkAccess        = $true
                    peeringState                     = $client.Peering
                    peeringSyncLevel                 = if ($client.Peering -eq 'Connected') { 'FullyInSync' } else { 'RemoteNotInSync' }
                    provisioningState                = 'Succeeded'
                    remoteAddressSpace               = [ordered]@{ addressPrefixes = @($script:EndpointVirtualNetworkPrefix) }
                    remoteVirtualNetwork             = [ordered]@{ id = "$group/virtualNetworks/$($script:VirtualNetwork)" }
                    remoteVirtualNetworkAddressSpace = [ordered]@{ addressPrefixes = @($script:EndpointVirtualNetworkPrefix) }
                    useRemoteGateways                = $false
                }
            }
        })
    $vnet = [ordered]@{
        name       = $script:ClientVirtualNetwork
        type       = 'Microsoft.Network/virtualNetworks'
        id         = $vnetId
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            addressSpace           = [ordered]@{ addressPrefixes = @($script:ClientVirtualNetworkPrefix) }
            dhcpOptions            = [ordered]@{ dnsServers = @($client.DnsServers) }
            provisioningState      = 'Succeeded'
            subnets                = @([ordered]@{
                    name       = $script:ClientSubnet
                    id         = Get-LabClientSubnetId -Plan $Plan
                    properties = [ordered]@{
                        addressPrefix        = $script:ClientVirtualNetworkPrefix
                        networkSecurityGroup = [ordered]@{ id = $nsgId }
                        serviceEndpoints     = @($client.ServiceEndpoints | ForEach-Object { [ordered]@{ locations = @($Plan.Scenario.Config.Location); provisioningState = 'Succeeded'; service = $_ } })
                        provisioningState    = 'Succeeded'
                    }
                })
            virtualNetworkPeerings = $peerings
        }
    }
    $rule = {
        param([string] $Name, [int] $Priority, [string] $Direction, [string] $Access, [string] $Source, [string] $Destination, [string] $Ports, [string] $Kind)
        [ordered]@{
            name       = $Name
            id         = "$nsgId/$Kind/$Name"
            properties = [ordered]@{
                provisioningState        = 'Succeeded'
                protocol                 = if ($Kind -eq 'securityRules') { 'Tcp' } else { '*' }
                sourcePortRange          = '*'
                destinationPortRange     = $Ports
                sourceAddressPrefix      = $Source
                destinationAddressPrefix = $Destination
                access                   = $Access
                priority                 = $Priority
                direction                = $Direction
            }
        }
    }
    $nsg = [ordered]@{
        name       = "nsg-$($script:ClientSubnet)"
        id         = $nsgId
        type       = 'Microsoft.Network/networkSecurityGroups'
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            provisioningState    = 'Succeeded'
            securityRules        = @($client.NsgRules | ForEach-Object { & $rule $_.Name $_.Priority 'Outbound' $_.Access '*' $_.Destination $_.Ports 'securityRules' })
            defaultSecurityRules = @(
                & $rule 'AllowVnetInBound' 65000 'Inbound' 'Allow' 'VirtualNetwork' 'VirtualNetwork' '*' 'defaultSecurityRules'
                & $rule 'AllowAzureLoadBalancerInBound' 65001 'Inbound' 'Allow' 'AzureLoadBalancer' '*' '*' 'defaultSecurityRules'
                & $rule 'DenyAllInBound' 65500 'Inbound' 'Deny' '*' '*' '*' 'defaultSecurityRules'
                & $rule 'AllowVnetOutBound' 65000 'Outbound' 'Allow' 'VirtualNetwork' 'VirtualNetwork' '*' 'defaultSecurityRules'
                & $rule 'AllowInternetOutBound' 65001 'Outbound' 'Allow' '*' 'Internet' '*' 'defaultSecurityRules'
                & $rule 'DenyAllOutBound' 65500 'Outbound' 'Deny' '*' '*' '*' 'defaultSecurityRules'
            )
        }
    }
    if ($client['Firewall']) { $vnet.properties.subnets[0].properties.routeTable = [ordered]@{ id = "$group/routeTables/rt-$($script:ClientSubnet)" } }
    [pscustomobject]@{ Path = $vnetId; Body = $vnet }
    [pscustomobject]@{ Path = $nsgId; Body = $nsg }
    New-LabArmClientVirtualMachine -Plan $Plan
    if ($client['Firewall']) { New-LabArmAzureFirewall -Plan $Plan }
    if ($Plan.PrivateEndpoint) {
        # The private endpoint's VNet and subnet (private endpoint network policies off: no NSG applies inbound).
        $endpointNetworkId = "$group/virtualNetworks/$($script:VirtualNetwork)"
        $endpointNetwork = [ordered]@{
            name       = $script:VirtualNetwork
            type       = 'Microsoft.Network/virtualNetworks'
            id         = $endpointNetworkId
            location   = $Plan.Scenario.Config.Location
            properties = [ordered]@{
                addressSpace      = [ordered]@{ addressPrefixes = @($script:EndpointVirtualNetworkPrefix) }
                dhcpOptions       = [ordered]@{ dnsServers = @() }
                provisioningState = 'Succeeded'
                subnets           = @([ordered]@{
                        name       = 'private-endpoints'
                        id         = "$endpointNetworkId/subnets/private-endpoints"
                        properties = [ordered]@{ addressPrefix = $script:EndpointVirtualNetworkPrefix; privateEndpointNetworkPolicies = 'Disabled'; provisioningState = 'Succeeded' }
                    })
            }
        }
        [pscustomobject]@{ Path = $endpointNetworkId; Body = $endpointNetwork }
    }
}

function Get-LabFirewallAllowedFqdn {
    # What the firewall policy's application rules allow on Https:443: the registry hosts of the roles the scenario names, and ARM.
    param([Parameter(Mandatory)] $Plan)
    $allow = @($Plan.Scenario.ClientNetwork.Firewall['Allow'])
    @(Get-LabRegistryEndpoint -Plan $Plan | Where-Object { $_.Role -in $allow } | ForEach-Object Fqdn) + @($Plan.Arm.Fqdn)
}

function New-LabArmAzureFirewall {
    # The client subnet's route table (0.0.0.0/0 to the firewall), the subscription's Azure Firewalls, the firewall's
    # policy and its rule collection group, derived from network/2025-05-01/RouteTableGet.json,
    # network/2025-09-01/AzureFirewallGet.json, FirewallPolicyGet.json and
    # network/2025-05-01/FirewallPolicyRuleCollectionGroupGet.json.
    param([Parameter(Mandatory)] $Plan)
    $group = Get-LabNetworkGroupId -Plan $Plan
    $location = $Plan.Scenario.Config.Location
    $routeTableId = "$group/routeTables/rt-$($script:ClientSubnet)"
    $firewallId = "$group/azureFirewalls/$($script:AzureFirewallName)"
    $policyId = "$group/firewallPolicies/fwp-acrlab"
    $ruleGroupId = "$policyId/ruleCollectionGroups/rcg-workloads"
    $routeTable = [ordered]@{
        name       = "rt-$($script:ClientSubnet)"
        id         = $routeTableId
        type       = 'Microsoft.Network/routeTables'
        location   = $location
        properties = [ordered]@{
            provisioningState          = 'Succeeded'
            disableBgpRoutePropagation = $false
            routes                     = @([ordered]@{
                    name       = 'to-firewall'
                    id         = "$routeTableId/routes/to-firewall"
                    properties = [ordered]@{ provisioningState = 'Succeeded'; addressPrefix = '0.0.0.0/0'; nextHopType = 'VirtualAppliance'; nextHopIpAddress = $script:AzureFirewallAddress }
                })
        }
    }
    $firewall = [ordered]@{
        name       = $script:AzureFirewallName
        id         = $firewallId
        type       = 'Microsoft.Network/azureFirewalls'
        location   = $location
        properties = [ordered]@{
            provisioningState          = 'Succeeded'
            applicationRuleCollections = @()
            natRuleCollections         = @()
            networkRuleCollections     = @()
            firewallPolicy             = [ordered]@{ id = $policyId }
            ipConfigurations           = @([ordered]@{
                    name       = 'azureFirewallIpConfiguration'
                    id         = "$firewallId/ipConfigurations/azureFirewallIpConfiguration"
                    properties = [ordered]@{
                        privateIPAddress  = $script:AzureFirewallAddress
                        provisioningState = 'Succeeded'
                        subnet            = [ordered]@{ id = "$group/virtualNetworks/$($script:VirtualNetwork)/subnets/AzureFirewallSubnet" }
                    }
                })
            sku                        = [ordered]@{ name = 'AZFW_VNet'; tier = 'Standard' }
            threatIntelMode            = 'Alert'
        }
    }
    $policy = [ordered]@{
        name       = 'fwp-acrlab'
        id         = $policyId
        type       = 'Microsoft.Network/firewallPolicies'
        location   = $location
        properties = [ordered]@{
            provisioningState    = 'Succeeded'
            firewalls            = @([ordered]@{ id = $firewallId })
            ruleCollectionGroups = @([ordered]@{ id = $ruleGroupId })
            sku                  = [ordered]@{ tier = 'Standard' }
            threatIntelMode      = 'Alert'
        }
    }
    $ruleGroup = [ordered]@{
        name       = 'rcg-workloads'
        id         = $ruleGroupId
        properties = [ordered]@{
            provisioningState = 'Succeeded'
            priority          = 200
            ruleCollections   = @(
                [ordered]@{
                    ruleCollectionType = 'FirewallPolicyFilterRuleCollection'
                    name               = 'allow-dns'
                    priority           = 100
                    action             = [ordered]@{ type = 'Allow' }
                    rules              = @([ordered]@{ ruleType = 'NetworkRule'; name = 'dns'; sourceAddresses = @($script:ClientVirtualNetworkPrefix); destinationAddresses = @($Plan.DnsServers.Values); ipProtocols = @('UDP', 'TCP'); destinationPorts = @('53') })
                }
                [ordered]@{
                    ruleCollectionType = 'FirewallPolicyFilterRuleCollection'
                    name               = 'allow-registry'
                    priority           = 200
                    action             = [ordered]@{ type = 'Allow' }
                    rules              = @([ordered]@{ ruleType = 'ApplicationRule'; name = 'registry-hosts'; sourceAddresses = @($script:ClientVirtualNetworkPrefix); protocols = @([ordered]@{ protocolType = 'Https'; port = 443 }); targetFqdns = @(Get-LabFirewallAllowedFqdn -Plan $Plan) })
                }
            )
        }
    }
    [pscustomobject]@{ Path = $routeTableId; Body = $routeTable }
    [pscustomobject]@{ Path = "/subscriptions/$($Plan.SubscriptionId)/providers/Microsoft.Network/azureFirewalls"; Body = [ordered]@{ value = @($firewall) } }
    [pscustomobject]@{ Path = $policyId; Body = $policy }
    [pscustomobject]@{ Path = $ruleGroupId; Body = $ruleGroup }
}

function Get-LabAzureFirewallRule {
    # The firewall namespace forwards what the policy allows and drops TCP 443 to the registry hosts no rule allows (its default deny).
    param([Parameter(Mandatory)] $Plan)
    $allow = @($Plan.Scenario.ClientNetwork.Firewall['Allow'])
    foreach ($endpoint in Get-LabRegistryEndpoint -Plan $Plan | Where-Object { $_.Role -notin $allow }) {
        foreach ($address in @($endpoint['PublicAddress'], $endpoint['PrivateAddress']) | Where-Object { $_ }) {
            "-A FORWARD -d $address/32 -p tcp -m tcp --dport 443 -j DROP"
        }
    }
}

function Get-LabZoneLinkNetwork {
    # The VNets the privatelink zone is linked to: the private endpoint's (every lab without a ClientNetwork), and as the scenario says.
    param([Parameter(Mandatory)] $Plan)
    $group = Get-LabNetworkGroupId -Plan $Plan
    $links = if ($Plan.Scenario.ClientNetwork) { @($Plan.Scenario.ClientNetwork.ZoneLinks) } else { @('Endpoint') }
    foreach ($link in $links) {
        if ($link -eq 'Client') { $script:ClientVirtualNetwork } else { $script:VirtualNetwork }
    }
}

function Get-LabClientNsgFirewallRule {
    # The NSG's outbound rules as iptables rules of the client, in priority order: the first match decides, as in Azure.
    param([Parameter(Mandatory)] $Plan)
    foreach ($rule in @($Plan.Scenario.ClientNetwork.NsgRules | Sort-Object { [int] $_.Priority })) {
        $ports = if ($rule.Ports -eq '*') { '' } else { " -m tcp --dport $($rule.Ports -replace '-', ':')" }
        $jump = if ($rule.Access -eq 'Allow') { 'ACCEPT' } else { 'DROP' }
        "-A OUTPUT -d $($rule.Destination) -p tcp$ports -j $jump"
    }
}

# The Instance Metadata Service of the client's VM: nginx answers on IMDS's own address inside the Azure namespace,
# and the client routes that one address there. Derived from imds/2023-07-01/GetInstanceMetadata.json (compute) and
# the network shape of imds.json (Instance.network.interface[]).
$script:InstanceMetadataAddress = '169.254.169.254'
$script:ClientVirtualMachine = 'vm-client'

function Get-LabClientVirtualMachineId {
    param([Parameter(Mandatory)] $Plan)
    "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Compute/virtualMachines/$($script:ClientVirtualMachine)"
}

function Get-LabClientNetworkInterfaceId {
    param([Parameter(Mandatory)] $Plan)
    "$(Get-LabNetworkGroupId -Plan $Plan)/networkInterfaces/$($script:ClientVirtualMachine)-nic"
}

# What the lab's ARM expands service tags into in effective rules: its "public" ranges are the Internet (see Plan.ps1),
# the VNets are their own and their connected peers' prefixes. Azure's system routes drop the private ranges no VNet holds.
$script:LabInternetPrefixes = @('192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24')
$script:AzurePlatformPrefix = '168.63.129.16/32'
$script:DroppedPrivatePrefixes = @('10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16')

function New-LabArmEffectiveNetwork {
    # ARM's effective security rules and routes of the client VM's NIC, what the NSG and route table above amount to,
    # each a long-running action: the POST is accepted (202) with a Location on ARM itself, which answers 202 once more
    # and then the result. Derived from network/2025-05-01/NetworkInterfaceEffectiveNSGList.json and
    # network/2025-09-01/NetworkInterfaceEffectiveRouteTableList.json. Returns, per action, the responses of its path
    # and of its operation's path, in the arm-emulator's form.
    param([Parameter(Mandatory)] $Plan)
    $client = $Plan.Scenario.ClientNetwork
    $group = Get-LabNetworkGroupId -Plan $Plan
    $nicId = Get-LabClientNetworkInterfaceId -Plan $Plan
    $peered = $client.Peering -eq 'Connected'
    $expanded = @{
        VirtualNetwork    = @($script:ClientVirtualNetworkPrefix) + @(if ($peered) { $script:EndpointVirtualNetworkPrefix }) + @($script:AzurePlatformPrefix)
        Internet          = $script:LabInternetPrefixes
        AzureLoadBalancer = @($script:AzurePlatformPrefix)
    }
    $rule = {
        param([string] $Name, [int] $Priority, [string] $Direction, [string] $Access, [string] $Source, [string] $Destination, [string] $Ports, [bool] $Default)
        $entry = [ordered]@{
            name                     = "$(if ($Default) { 'defaultSecurityRules' } else { 'securityRules' })/$Name"
            protocol                 = if ($Default) { 'All' } else { 'Tcp' }
            sourcePortRange          = '0-65535'
            destinationPortRange     = if ($Ports -eq '*') { '0-65535' } elseif ($Ports -match '-') { $Ports } else { "$Ports-$Ports" }
            sourceAddressPrefix      = if ($Source -eq '*') { '0.0.0.0/0' } else { $Source }
            destinationAddressPrefix = if ($Destination -eq '*') { '0.0.0.0/0' } else { $Destination }
            access                   = $Access
            priority                 = $Priority
            direction                = $Direction
        }
        if ($expanded.ContainsKey($Source)) { $entry.expandedSourceAddressPrefix = $expanded[$Source] }
        if ($expanded.ContainsKey($Destination)) { $entry.expandedDestinationAddressPrefix = $expanded[$Destination] }
        $entry
    }
    $securityGroups = [ordered]@{
        value = @([ordered]@{
                networkSecurityGroup  = [ordered]@{ id = "$group/networkSecurityGroups/nsg-$($script:ClientSubnet)" }
                association           = [ordered]@{ subnet = [ordered]@{ id = Get-LabClientSubnetId -Plan $Plan } }
                effectiveSecurityRules = @(
                    @($client.NsgRules | Sort-Object { [int] $_.Priority } | ForEach-Object { & $rule $_.Name $_.Priority 'Outbound' $_.Access '*' $_.Destination $_.Ports $false })
                    & $rule 'AllowVnetInBound' 65000 'Inbound' 'Allow' 'VirtualNetwork' 'VirtualNetwork' '*' $true
                    & $rule 'AllowAzureLoadBalancerInBound' 65001 'Inbound' 'Allow' 'AzureLoadBalancer' '*' '*' $true
                    & $rule 'DenyAllInBound' 65500 'Inbound' 'Deny' '*' '*' '*' $true
                    & $rule 'AllowVnetOutBound' 65000 'Outbound' 'Allow' 'VirtualNetwork' 'VirtualNetwork' '*' $true
                    & $rule 'AllowInternetOutBound' 65001 'Outbound' 'Allow' '*' 'Internet' '*' $true
                    & $rule 'DenyAllOutBound' 65500 'Outbound' 'Deny' '*' '*' '*' $true
                )
            })
    }
    $route = {
        param([string[]] $Prefix, [string] $NextHop, [string] $Source = 'Default', [string] $State = 'Active', [string] $Name, [string[]] $NextHopAddress = @())
        $entry = [ordered]@{}
        if ($Name) { $entry.name = $Name }
        $entry.addressPrefix = $Prefix
        $entry.nextHopIpAddress = $NextHopAddress
        $entry.nextHopType = $NextHop
        $entry.source = $Source
        $entry.state = $State
        $entry
    }
    $firewall = $null -ne $client['Firewall']
    $routes = [ordered]@{
        value = @(
            & $route @($script:ClientVirtualNetworkPrefix) 'VnetLocal'
            if ($peered) { & $route @($script:EndpointVirtualNetworkPrefix) 'VNetPeering' }
            # A user route for 0.0.0.0/0 makes the system default route Invalid.
            & $route @('0.0.0.0/0') 'Internet' -State $(if ($firewall) { 'Invalid' } else { 'Active' })
            foreach ($prefix in $script:DroppedPrivatePrefixes) { & $route @($prefix) 'None' }
            if ($firewall) { & $route @('0.0.0.0/0') 'VirtualAppliance' -Source 'User' -Name 'to-firewall' -NextHopAddress @($script:AzureFirewallAddress) }
        )
    }
    foreach ($action in @(
            @{ Name = 'effectiveNetworkSecurityGroups'; Body = $securityGroups }
            @{ Name = 'effectiveRouteTable'; Body = $routes }
        )) {
        $operation = "$nicId/operationResults/$(New-LabStableGuid "$nicId/$($action.Name)")"
        $accepted = @{ status = 202; headers = [ordered]@{ Location = "https://{host}$($operation)?api-version=2025-05-01"; 'Retry-After' = '0' }; body = '' }
        [pscustomobject]@{ Path = "$nicId/$($action.Name)"; Responses = @($accepted) }
        [pscustomobject]@{ Path = $operation; Responses = @(@{ status = 202; headers = [ordered]@{ 'Retry-After' = '0' }; body = ''; times = 1 }, @{ status = 200; body = ConvertTo-LabJson $action.Body }) }
    }
}

function New-LabArmClientVirtualMachine {
    # The client's VM (compute/2025-11-01/VirtualMachine_Get.json) and its NIC (network/2025-05-01/NetworkInterfaceGet.json).
    param([Parameter(Mandatory)] $Plan)
    $vmId = Get-LabClientVirtualMachineId -Plan $Plan
    $nicId = Get-LabClientNetworkInterfaceId -Plan $Plan
    $vm = [ordered]@{
        name       = $script:ClientVirtualMachine
        id         = $vmId
        type       = 'Microsoft.Compute/virtualMachines'
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            vmId              = New-LabStableGuid 'vm-client'
            hardwareProfile   = [ordered]@{ vmSize = 'Standard_DS3_v2' }
            networkProfile    = [ordered]@{ networkInterfaces = @([ordered]@{ id = $nicId; properties = [ordered]@{ primary = $true } }) }
            provisioningState = 'Succeeded'
        }
    }
    $nic = [ordered]@{
        name       = "$($script:ClientVirtualMachine)-nic"
        id         = $nicId
        type       = 'Microsoft.Network/networkInterfaces'
        location   = $Plan.Scenario.Config.Location
        properties = [ordered]@{
            provisioningState = 'Succeeded'
            ipConfigurations  = @([ordered]@{
                    name       = 'ipconfig1'
                    id         = "$nicId/ipConfigurations/ipconfig1"
                    properties = [ordered]@{
                        provisioningState         = 'Succeeded'
                        privateIPAddress          = '10.0.0.10'
                        privateIPAllocationMethod = 'Dynamic'
                        subnet                    = [ordered]@{ id = Get-LabClientSubnetId -Plan $Plan }
                        primary                   = $true
                    }
                })
            virtualMachine    = [ordered]@{ id = $vmId }
            primary           = $true
        }
    }
    [pscustomobject]@{ Path = $vmId; Body = $vm }
    [pscustomobject]@{ Path = $nicId; Body = $nic }
}

function Get-LabInstanceMetadataServer {
    # Writes the VM's instance metadata and returns the nginx server that answers it to `Metadata: true` only.
    param([Parameter(Mandatory)] $Plan)
    $directory = Join-Path $Plan.WorkDir 'imds'
    $null = New-Item -ItemType Directory -Path $directory -Force
    $instance = [ordered]@{
        compute = [ordered]@{
            azEnvironment     = 'AzureLab'
            location          = $Plan.Scenario.Config.Location
            name              = $script:ClientVirtualMachine
            osType            = 'Linux'
            provider          = 'Microsoft.Compute'
            resourceGroupName = $Plan.ResourceGroup
            resourceId        = Get-LabClientVirtualMachineId -Plan $Plan
            subscriptionId    = $Plan.SubscriptionId
            vmId              = New-LabStableGuid 'vm-client'
            vmSize            = 'Standard_DS3_v2'
        }
        network = [ordered]@{
            interface = @([ordered]@{
                    ipv4       = [ordered]@{
                        ipAddress = @([ordered]@{ privateIpAddress = '10.0.0.10'; publicIpAddress = '' })
                        subnet    = @([ordered]@{ address = '10.0.0.0'; prefix = '24' })
                    }
                    ipv6       = [ordered]@{ ipAddress = @() }
                    macAddress = '000D3AF806EC'
                })
        }
    }
    Write-LabFile -Path (Join-Path $directory 'instance.json') -Content (ConvertTo-LabJson $instance)
    @"
    server {
        listen $($script:InstanceMetadataAddress):80;
        default_type application/json;
        root $directory;
        location = /metadata/instance {
            if (`$http_metadata != "true") { return 400 '{"error":"Bad request. Required metadata header not specified"}'; }
            try_files /instance.json =500;
        }
        location / { return 404 '{"error":"Not found"}'; }
    }
"@
}
