@{
    Description = 'The client firewall allows the registry''s login server but drops its dedicated data endpoint: login works, layers time out.'
    Registry    = 'contosodatablocked'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @(@{ Target = 'Data'; Action = 'Drop' })
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # Without ARM, the data endpoint is known only by following the pull path (-Repository).
    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'DataEndpointBlocked' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'DataEndpointBlocked' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
