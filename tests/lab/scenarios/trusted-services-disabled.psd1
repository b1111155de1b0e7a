@{
    Description = 'A Premium registry restricted to the client''s range with networkRuleBypassOptions None: the client pulls fine, but ACR Tasks, Defender and other trusted services are locked out.'
    Registry    = 'contosotrusted'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @('203.0.113.0/25') }
        NetworkRuleBypassOptions = 'None'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # The data path alone cannot see the bypass setting.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'TrustedServicesBlocked' }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
