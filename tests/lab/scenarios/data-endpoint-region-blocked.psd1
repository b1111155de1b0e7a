@{
    Description = 'A geo-replicated registry whose data endpoint in one replica region (eastus) is dropped by the client firewall; the home region works.'
    Registry    = 'contosoregionblocked'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @('eastus')
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @(@{ Target = 'Data'; Region = 'eastus'; Action = 'Drop' })
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # Without ARM only the home region's data endpoint is on the pull path, and it works.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'DataEndpointBlocked' }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
            eastus = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
