@{
    Description = 'Private DNS correctly answers with the private endpoint''s addresses, but nothing delivers TCP to them (missing peering, NSG or UDR): "host is not reachable".'
    Registry    = 'contosopeunreachable'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosopeunreachable'; ConnectionStatus = 'Approved' })
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
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointUnreachable' }
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
