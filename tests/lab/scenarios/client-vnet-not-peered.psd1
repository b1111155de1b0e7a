@{
    Description = 'The client resolves the private endpoint (the zone is linked to its VNet), but its VNet has no peering with the private endpoint''s VNet: nothing reaches the private addresses.'
    Registry    = 'contosonopeer'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosonopeer'; ConnectionStatus = 'Approved' })
    }

    Network     = @{
        ClientDns              = 'Private'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Dropped'
        FrontDoor              = 'Normal'
    }

    ClientNetwork = @{
        Peering          = 'None'
        ZoneLinks        = @('Client', 'Endpoint')
        DnsServers       = @()
        NsgRules         = @()
        ServiceEndpoints = @()
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'VirtualNetworkNotConnected' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointUnreachable' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'VirtualNetworkNotConnected' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
