@{
    Description = 'A Premium registry with regional endpoints (<reg>.<region>.geo.azurecr.test) in westus and eastus; the client''s firewall drops TCP 443 to the regional endpoints only: pulls through the login server work, pulls through a regional host do not.'
    Registry    = 'contosogeo'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @('eastus')
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        RegionalEndpoints        = $true
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @(@{ Target = 'Regional'; Action = 'Drop' })
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # Only the configuration names the regional endpoints: without it the data path is healthy.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'RegionalEndpointBlocked' }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
            eastus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
