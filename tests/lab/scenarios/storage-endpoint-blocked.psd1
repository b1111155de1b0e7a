@{
    Description = 'A Standard registry without dedicated data endpoints; the client firewall allows the login server but drops the blob storage host that pulls are redirected to.'
    Registry    = 'contosostorageblocked'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Standard'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $false
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @(@{ Target = 'Storage'; Action = 'Drop' })
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # Without ARM, the storage host is known only by following the pull path (-Repository).
    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'StorageEndpointBlocked' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'StorageEndpointBlocked' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
