@{
    Description = 'The private endpoint was requested with manual approval and is still Pending: its DNS records exist and resolve, but no traffic passes.'
    Registry    = 'contosopepending'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosopepending'; ConnectionStatus = 'Pending' })
    }

    Network     = @{
        ClientDns              = 'Private'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Dropped'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointNotApproved' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointUnreachable' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
