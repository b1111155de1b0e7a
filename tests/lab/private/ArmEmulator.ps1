# What nginx's static routes cannot do for the lab's ARM, served by arm-emulator.py (Debian's python3,
# standard library only) on 127.0.0.1 in the Azure namespace. nginx keeps TLS and its token and
# api-version checks, and passes it exact paths only: Resource Graph, and the paths that -ArmFault changes.
#
# DERIVED DATA. Error bodies follow ARM's {"error":{"code","message"}} (see the specs README); Resource
# Graph answers follow the 2022-10-01 QueryResponse (totalRecords, count, data, facets, resultTruncated,
# $skipToken); fleet rows are the scenario's registry (RegistryGet.json-derived) under other names.

$script:ArmEmulatorListen = '127.0.0.1:8082'
$script:ArmEmulatorPython = '/usr/bin/python3'
$script:ResourceGraphPath = '/providers/Microsoft.ResourceGraph/resources'

# Each fault (Start-AcrLab -ArmFault) is one ARM behaviour a test needs; several combine in one lab:
#   PrivateEndpointForbidden  the private endpoint answers 403 AuthorizationFailed
#   RegistryThrottledOnce     the registry answers 429 with Retry-After: 1 once, then itself
#   RegistryMalformed         the registry answers 200 with truncated JSON
#   RegistryHangs             the registry's request is accepted and never answered (nginx gives up after 60 s)
#   RecordsPaged              the private DNS zone's A records come in two pages joined by nextLink
#   Fleet                     Resource Graph holds 200 registries across 3 subscriptions, 50 a page
#   RegistryPreviewRefused    a cloud without the registry's preview api-version: 400 InvalidApiVersionParameter at it,
#                             and at any other the registry without the preview's properties
# Without a fault, a scenario with a ClientNetwork has its VM's NIC answer the effective rules and routes actions here.
$script:RegistryPreviewApiVersion = '2026-01-01-preview'
$script:RegistryPreviewProperties = @('regionalEndpoints', 'regionalEndpointHostNames', 'endpointProtocol', 'networkRuleBypassAllowedForTasks')
$script:FleetSize = 200
$script:FleetPageSize = 50
# With the lab's own subscription, the fleet spans three.
$script:FleetOtherSubscriptions = @('0b7e2f4c-5a61-4d38-8e19-c2a4f6b8d013', 'f3a9c1e7-2b54-4c86-a0d2-7e1b9c5f3a48')

function Get-LabArmEmulation {
    # The emulator's configuration and the exact paths nginx must pass to it.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Routes, [string[]] $Fault = @())
    $directory = Join-Path $Plan.WorkDir 'arm'
    $bodyOf = {
        param([string] $Path)
        $route = $Routes | Where-Object { $_.Path -eq $Path } | Select-Object -First 1
        if (-not $route) { throw "The lab's ARM has no route '$Path' for the fault asked for; the scenario lacks that resource." }
        Get-Content -Raw -LiteralPath (Join-Path $directory $route.File)
    }
    $responses = [ordered]@{}
    $pages = [ordered]@{}
    $registry = if ($Plan.Scenario.Config.Exists) { & $bodyOf $Plan.RegistryId | ConvertFrom-Json -AsHashtable }

    switch ($Fault) {
        'PrivateEndpointForbidden' {
            $endpointId = Get-LabArmPrivateEndpointId -Plan $Plan
            $null = & $bodyOf $endpointId
            $message = "The client 'acrlab-reader' with object id '$(New-LabStableGuid 'reader')' does not have authorization to perform action 'Microsoft.Network/privateEndpoints/read' over scope '$endpointId' or the scope is invalid. If access was recently granted, please refresh your credentials."
            $responses[$endpointId] = @(@{ status = 403; body = ConvertTo-LabJson @{ error = [ordered]@{ code = 'AuthorizationFailed'; message = $message } } })
        }
        'RegistryThrottledOnce' {
            $throttled = ConvertTo-LabJson @{ error = [ordered]@{ code = 'TooManyRequests'; message = 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits' } }
            $responses[$Plan.RegistryId] = @(
                @{ status = 429; headers = @{ 'Retry-After' = '1' }; body = $throttled; times = 1 }
                @{ status = 200; body = & $bodyOf $Plan.RegistryId }
            )
        }
        'RegistryMalformed' {
            $text = & $bodyOf $Plan.RegistryId
            $responses[$Plan.RegistryId] = @(@{ status = 200; body = $text.Substring(0, [math]::Floor($text.Length / 2)) })
        }
        'RegistryHangs' {
            $null = & $bodyOf $Plan.RegistryId
            $responses[$Plan.RegistryId] = @(@{ hang = $true })
        }
        'RegistryPreviewRefused' {
            $stable = & $bodyOf $Plan.RegistryId | ConvertFrom-Json -AsHashtable
            foreach ($name in $script:RegistryPreviewProperties) { $stable.properties.Remove($name) }
            $refusal = "The api-version '$($script:RegistryPreviewApiVersion)' is invalid. The supported versions are '2025-04-01,2023-07-01,2023-01-01-preview,2022-12-01,2019-05-01'."
            $responses[$Plan.RegistryId] = @(
                @{ apiVersion = $script:RegistryPreviewApiVersion; status = 400; body = ConvertTo-LabJson @{ error = [ordered]@{ code = 'InvalidApiVersionParameter'; message = $refusal } } }
                @{ status = 200; body = ConvertTo-LabJson $stable }
            )
        }
        'RecordsPaged' {
            $zoneId = "/subscriptions/$($Plan.SubscriptionId)/resourceGroups/$($Plan.ResourceGroup)/providers/Microsoft.Network/privateDnsZones/$($script:PrivateLinkZone)"
            $records = @((& $bodyOf "$zoneId/A" | ConvertFrom-Json -AsHashtable).value)
            $split = [math]::Ceiling($records.Count / 2)
            $pages["$zoneId/A"] = @(
                ConvertTo-LabJson @{ value = @($records | Select-Object -First $split) }
                ConvertTo-LabJson @{ value = @($records | Select-Object -Skip $split) }
            )
        }
    }

    # The client VM's NIC computes its effective rules and routes as ARM does, a long-running action (every ClientNetwork scenario).
    if ($Plan.Scenario.ClientNetwork -and $registry) {
        foreach ($action in New-LabArmEffectiveNetwork -Plan $Plan) { $responses[$action.Path] = $action.Responses }
    }

    $rows = @(if ($registry) {
            $row = ConvertTo-LabGraphRow -Registry $registry
            # The registry's replications, packed as the module's query joins them in.
            $row.replications = @((& $bodyOf "$($Plan.RegistryId)/replications" | ConvertFrom-Json -AsHashtable).value |
                ForEach-Object { [ordered]@{ name = $_.name; location = $_.location; properties = $_.properties } })
            $row
        })
    if ('Fleet' -in $Fault) {
        if (-not $registry) { throw 'The Fleet fault needs a scenario whose registry exists.' }
        $subscriptions = @($Plan.SubscriptionId) + $script:FleetOtherSubscriptions
        $names = @(Get-LabFleetName)
        for ($index = 0; $index -lt $names.Count; $index++) {
            $rows += ConvertTo-LabGraphRow -Registry $registry -Name $names[$index] -SubscriptionId $subscriptions[($index + 1) % 3]
        }
    }

    [pscustomobject]@{
        Paths  = @($script:ResourceGraphPath) + @($responses.Keys) + @($pages.Keys)
        Config = [ordered]@{
            listen    = $script:ArmEmulatorListen
            responses = $responses
            pages     = $pages
            graph     = [ordered]@{ rows = $rows; pageSize = if ('Fleet' -in $Fault) { $script:FleetPageSize } else { 1000 } }
        }
    }
}

function Get-LabFleetName {
    # The Fleet fault's registries besides the scenario's own: fleet001, fleet002, ...
    1..($script:FleetSize - 1) | ForEach-Object { 'fleet{0:d3}' -f $_ }
}

function ConvertTo-LabGraphRow {
    # A registry as a Resource Graph row: the ARM resource, lower-case type, subscriptionId and
    # resourceGroup columns, and no replications (the scenario's registry gets its own). Fleet copies drop
    # the private endpoints, whose resources exist only for the scenario's registry.
    param([Parameter(Mandatory)] $Registry, [string] $Name, [string] $SubscriptionId)
    $row = $Registry | ConvertTo-Json -Depth 30 | ConvertFrom-Json -AsHashtable
    if ($Name) {
        $row.id = "/subscriptions/$SubscriptionId/resourceGroups/rg-fleet/providers/Microsoft.ContainerRegistry/registries/$Name"
        $row.name = $Name
        $row.properties.loginServer = "$Name.$($script:LabCloud.ContainerRegistryEndpointSuffix)"
        $row.properties.privateEndpointConnections = @()
        $row.properties.dataEndpointHostNames = @()
    }
    $parts = $row.id -split '/'
    $row.type = $row.type.ToLowerInvariant()
    $row.subscriptionId = $parts[2]
    $row.resourceGroup = $parts[4]
    $row.replications = @()
    $row
}

function Start-LabArmEmulator {
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Emulation)
    $path = Join-Path $Plan.WorkDir 'arm-emulator/config.json'
    Write-LabFile -Path $path -Content (ConvertTo-Json -InputObject $Emulation.Config -Depth 40)
    Start-LabDaemon -Plan $Plan -Name 'arm-emulator' -Namespace $Plan.Namespaces.Azure -FilePath $script:ArmEmulatorPython `
        -ArgumentList (Join-Path $PSScriptRoot 'arm-emulator.py'), $path -LogPath (Join-Path $Plan.WorkDir 'arm-emulator/requests.log') `
        -Foreground -Tcp $script:ArmEmulatorListen
}

function Get-LabArmEmulatorLocation {
    # nginx locations that pass the emulated paths on. Exact-match locations win over the static regex routes.
    param([string[]] $Path = @())
    foreach ($emulated in $Path) {
        "        location = $emulated { proxy_pass http://$($script:ArmEmulatorListen); proxy_set_header Host `$host; }"
    }
}
