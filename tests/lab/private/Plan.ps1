# The lab plan: every name, address and file a scenario needs, computed before anything is created.
#
# Address plan (the same in every lab; each lab's namespaces keep them apart):
#   192.0.2.0/24     "Azure public": 192.0.2.10 registry REST, 192.0.2.20+i data endpoint of region i,
#                    192.0.2.40 blob storage
#   198.51.100.0/24  "Azure public": 198.51.100.30 ARM, 198.51.100.53 public DNS
#   10.1.0.0/24      private endpoint subnet: 10.1.0.4 registry, 10.1.0.5+i data endpoint of region i,
#                    10.1.0.53 the VNet's DNS (private view)
#   203.0.113.0/24   client egress: 203.0.113.10 the client, 203.0.113.20 the proxy, 203.0.113.1 the gateway
#   10.0.0.0/24      the client's VNet address (10.0.0.10), used towards private endpoints
#   10.20.0.0/24     the corporate LAN behind a proxy: 10.20.0.10 the client, 10.20.0.1 the proxy

function New-LabPlan {
    param(
        [Parameter(Mandatory)] $Scenario,
        [Parameter(Mandatory)][string] $Id,
        [int] $LatencyMs
    )
    $config = $Scenario.Config
    $network = $Scenario.Network
    $suffix = $script:LabCloud.ContainerRegistryEndpointSuffix
    $registry = $Scenario.Registry
    $regions = @(@($config.Location) + @($config.Replications))
    $privateEndpoint = @($config.PrivateEndpoints) | Select-Object -First 1
    $behindProxy = $network.Proxy -ne 'None'
    $workDir = Join-Path $script:LabRoot $Id
    $prefix = "$($script:NamespacePrefix)$Id"

    $namespaces = [ordered]@{ Client = "$prefix-client"; Azure = "$prefix-azure" }
    if ($behindProxy) { $namespaces.Proxy = "$prefix-proxy" }
    # An Azure Firewall at the client's route: a namespace between the client and Azure that forwards and filters.
    if ($Scenario.ClientNetwork -and $Scenario.ClientNetwork['Firewall']) { $namespaces.Firewall = "$prefix-fw" }

    # A dual-stack registry also answers on IPv6 (documentation range 2001:db8::/32), and the client then has IPv6 too.
    $dualStack = [bool]$config['DualStack']
    $rest = [ordered]@{
        Role            = 'Rest'
        Region          = $config.Location
        Fqdn            = "$registry.$suffix"
        PrivateLinkFqdn = "$registry.$($script:PrivateLinkZone)"
        RecordName      = $registry
        PublicAddress   = '192.0.2.10'
        PublicAddress6  = if ($dualStack) { '2001:db8:2::10' } else { $null }
        PrivateAddress  = if ($privateEndpoint) { '10.1.0.4' } else { $null }
        MemberName      = 'registry'
    }
    $data = @(
        if ($config.DataEndpointEnabled) {
            for ($i = 0; $i -lt $regions.Count; $i++) {
                $region = $regions[$i]
                [ordered]@{
                    Role            = 'Data'
                    Region          = $region
                    Fqdn            = "$registry.$region.data.$suffix"
                    PrivateLinkFqdn = "$registry.$region.data.$($script:PrivateLinkZone)"
                    RecordName      = "$registry.$region.data"
                    PublicAddress   = "192.0.2.$(20 + $i)"
                    PublicAddress6  = if ($dualStack) { "2001:db8:2::$(20 + $i)" } else { $null }
                    PrivateAddress  = if ($privateEndpoint) { "10.1.0.$(5 + $i)" } else { $null }
                    MemberName      = "registry_data_$region"
                }
            }
        }
    )
    # Regional endpoints serve the whole registry API from one region; each has its own public address.
    $regional = @(
        if ($config['RegionalEndpoints']) {
            for ($i = 0; $i -lt $regions.Count; $i++) {
                [ordered]@{ Role = 'Regional'; Region = $regions[$i]; Fqdn = "$registry.$($regions[$i]).geo.$suffix"; PublicAddress = "192.0.2.$(30 + $i)" }
            }
        }
    )
    $storage = if (-not $config.DataEndpointEnabled) {
        $account = "acrlab$($config.Location)01"
        [ordered]@{
            Role          = 'Storage'
            Region        = $config.Location
            Account       = $account
            Container     = $registry
            Fqdn          = "$account.blob.$($script:LabCloud.StorageEndpointSuffix)"
            PublicAddress = '192.0.2.40'
        }
    }

    if ($behindProxy) {
        $client = [ordered]@{ Address = '10.20.0.10'; Addresses = @('10.20.0.10'); EgressAddress = '203.0.113.20' }
    }
    else {
        $client = [ordered]@{ Address = '203.0.113.10'; Addresses = @('203.0.113.10', '10.0.0.10'); EgressAddress = '203.0.113.10' }
    }
    $proxy = if ($behindProxy) {
        [ordered]@{
            Mode          = $network.Proxy
            Address       = '10.20.0.1'
            Port          = 3128
            Uri           = 'http://10.20.0.1:3128'
            EgressAddress = '203.0.113.20'
            UserName      = if ($network.Proxy -eq 'AuthRequired') { 'labuser' } else { $null }
            Password      = if ($network.Proxy -eq 'AuthRequired') { New-LabSecret -Length 16 } else { $null }
        }
    }

    $dnsServers = [ordered]@{ Public = '198.51.100.53'; Private = '10.1.0.53' }
    $registryId = "/subscriptions/$($script:SubscriptionId)/resourceGroups/$($script:ResourceGroup)/providers/Microsoft.ContainerRegistry/registries/$registry"

    [pscustomobject]@{
        Id              = $Id
        Scenario        = $Scenario
        WorkDir         = $workDir
        Namespaces      = $namespaces
        RegistryName    = $registry
        LoginServer     = $rest.Fqdn
        Regions         = $regions
        Rest            = $rest
        Data            = $data
        Regional        = $regional
        Ipv6            = if ($dualStack) { [ordered]@{ Client = '2001:db8:10::10'; Gateway = '2001:db8:10::1'; Servers = '2001:db8:2::/64' } } else { $null }
        Storage         = $storage
        Arm             = [ordered]@{ Fqdn = $script:ArmHost; Address = '198.51.100.30' }
        DnsServers      = $dnsServers
        ClientDnsServer = $dnsServers[$network.ClientDns]
        Client          = $client
        Proxy           = $proxy
        PrivateEndpoint = $privateEndpoint
        LatencyMs       = $LatencyMs
        SubscriptionId  = $script:SubscriptionId
        TenantId        = $script:TenantId
        ResourceGroup   = $script:ResourceGroup
        RegistryId      = $registryId
        Image           = [ordered]@{ Repository = 'samples/hello'; Tag = 'v1' }
    }
}

function New-LabSecret {
    # A random lowercase hex string, for passwords and HTTP secrets.
    param([int] $Length = 32)
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes([math]::Ceiling($Length / 2))
    ([System.Convert]::ToHexString($bytes).ToLowerInvariant()).Substring(0, $Length)
}

function Get-LabRegistryEndpoint {
    # Every endpoint of the registry a client may connect to: REST, then data endpoints or storage.
    param([Parameter(Mandatory)] $Plan)
    @($Plan.Rest) + @($Plan.Data) + @($Plan.Storage | Where-Object { $_ })
}
