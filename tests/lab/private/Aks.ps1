# An AKS cluster in the lab's ARM, for scenarios that ask whether it may pull from the registry: the cluster, its
# kubelet identity's role assignments (as ARM lists them for a principalId filter, at the registry and at the
# subscription) and the definitions of the roles they name.
#
# DERIVED DATA. The cluster follows containerservice/2026-08-01/ManagedClustersGet.json, with the kubelet identity,
# node pool subnet (the client's subnet when the scenario describes one) and API server profile the upstream example
# lacks filled in against the AKS swagger (outboundType userDefinedRouting when the node subnet routes through the lab's
# Azure Firewall); assignments follow authorization/2022-04-01/RoleAssignments_ListForScope.json
# and definitions GetRoleDefinitionById.json, with the built-in roles' names, IDs and permissions (see
# ../shared/fixtures/azure-rest-api-specs/README.md).

$script:AksRoles = @{
    AcrPull            = @{ Id = '7f951dda-4ed3-4680-a7ca-43fe172d538d'; Actions = @('Microsoft.ContainerRegistry/registries/pull/read') }
    NetworkContributor = @{ Id = '4d97b98b-1d4f-4787-a291-c67834d212e7'; Name = 'Network Contributor'; Actions = @('Microsoft.Authorization/*/read', 'Microsoft.Network/*', 'Microsoft.Resources/subscriptions/resourceGroups/read') }
}

function Get-LabAksClusterId {
    # The cluster's resource ID, or $null when the scenario has no cluster.
    param([Parameter(Mandatory)] $Plan)
    $aks = $Plan.Scenario.Aks
    if (-not $aks) { return $null }
    "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.ContainerService/managedClusters/$($aks.Name)"
}

function New-LabArmAks {
    # The routes of the scenario's cluster: the cluster, the kubelet identity's assignments, and their role definitions.
    param([Parameter(Mandatory)] $Plan)
    $aks = $Plan.Scenario.Aks
    $clusterId = Get-LabAksClusterId -Plan $Plan
    $subscription = "/subscriptions/$($Plan.SubscriptionId)"
    $nodeGroup = "MC_$($Plan.ResourceGroup)_$($aks.Name)_$($Plan.Scenario.Config.Location)"
    $kubelet = [ordered]@{
        resourceId = "$subscription/resourceGroups/$nodeGroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/$($aks.Name)-agentpool"
        clientId   = New-LabStableGuid "aks/$($aks.Name)/kubelet/client"
        objectId   = New-LabStableGuid "aks/$($aks.Name)/kubelet/object"
    }
    $cluster = [ordered]@{
        id         = $clusterId
        name       = $aks.Name
        type       = 'Microsoft.ContainerService/managedClusters'
        location   = $Plan.Scenario.Config.Location
        identity   = [ordered]@{ type = 'SystemAssigned'; principalId = New-LabStableGuid "aks/$($aks.Name)/identity"; tenantId = $Plan.TenantId }
        properties = [ordered]@{
            provisioningState      = 'Succeeded'
            kubernetesVersion      = '1.33.2'
            dnsPrefix              = $aks.Name
            fqdn                   = "$($aks.Name)-4f2c1a9e.hcp.$($Plan.Scenario.Config.Location).azmk8s.test"
            agentPoolProfiles      = @([ordered]@{
                    name         = 'nodepool1'
                    mode         = 'System'
                    count        = 3
                    vmSize       = 'Standard_D4s_v5'
                    osType       = 'Linux'
                    # With a ClientNetwork the nodes run in the client's subnet, whose NSG the client namespace enforces.
                    vnetSubnetID = if ($Plan.Scenario.ClientNetwork) { Get-LabClientSubnetId -Plan $Plan } else { "$subscription/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Network/virtualNetworks/aks-vnet/subnets/nodes" }
                })
            servicePrincipalProfile = [ordered]@{ clientId = 'msi' }
            identityProfile        = [ordered]@{ kubeletidentity = $kubelet }
            nodeResourceGroup      = $nodeGroup
            # The node subnet's route table sending 0.0.0.0/0 to the Azure Firewall (the client's, played by the firewall
            # namespace) is what outboundType userDefinedRouting requires.
            networkProfile         = [ordered]@{ networkPlugin = 'azure'; outboundType = if ($Plan.Namespaces['Firewall']) { 'userDefinedRouting' } else { 'loadBalancer' }; loadBalancerSku = 'standard' }
            apiServerAccessProfile = [ordered]@{ enablePrivateCluster = [bool]$aks['PrivateCluster'] }
        }
    }
    $assignments = @(foreach ($role in @($aks.KubeletRoles)) {
            $name = New-LabStableGuid "aks/$($aks.Name)/assignment/$role"
            [ordered]@{
                properties = [ordered]@{
                    roleDefinitionId = "$subscription/providers/Microsoft.Authorization/roleDefinitions/$($script:AksRoles[$role].Id)"
                    principalId      = $kubelet.objectId
                    principalType    = 'ServicePrincipal'
                    scope            = $Plan.RegistryId
                }
                id         = "$($Plan.RegistryId)/providers/Microsoft.Authorization/roleAssignments/$name"
                type       = 'Microsoft.Authorization/roleAssignments'
                name       = $name
            }
        })

    [pscustomobject]@{ Path = $clusterId; Body = $cluster }
    [pscustomobject]@{ Path = "$($Plan.RegistryId)/providers/Microsoft.Authorization/roleAssignments"; Body = [ordered]@{ value = $assignments } }
    [pscustomobject]@{ Path = "$subscription/providers/Microsoft.Authorization/roleAssignments"; Body = [ordered]@{ value = $assignments } }
    foreach ($role in $script:AksRoles.Keys) {
        $definition = $script:AksRoles[$role]
        $id = "$subscription/providers/Microsoft.Authorization/roleDefinitions/$($definition.Id)"
        [pscustomobject]@{
            Path = $id
            Body = [ordered]@{
                properties = [ordered]@{
                    roleName         = $definition['Name'] ?? $role
                    type             = 'BuiltInRole'
                    description      = "The lab's copy of the built-in role $role."
                    assignableScopes = @('/')
                    permissions      = @([ordered]@{ actions = $definition.Actions; notActions = @(); dataActions = @(); notDataActions = @() })
                }
                id         = $id
                type       = 'Microsoft.Authorization/roleDefinitions'
                name       = $definition.Id
            }
        }
    }
}
