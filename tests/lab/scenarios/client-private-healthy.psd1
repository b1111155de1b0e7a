@{
    Description = 'A private client as it should be: its VNet is peered with the private endpoint''s, the privatelink zone is linked to it, and its NSG allows 443 to the private endpoint''s subnet.'
    Registry    = 'contosoclientok'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosoclientok'; ConnectionStatus = 'Approved' })
    }

    Network     = @{
        ClientDns              = 'Private'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    ClientNetwork = @{
        Peering          = 'Connected'
        ZoneLinks        = @('Client', 'Endpoint')
        DnsServers       = @()
        NsgRules         = @(@{ Name = 'AllowEndpointsHttps'; Priority = 100; Access = 'Allow'; Destination = '10.1.0.0/24'; Ports = '443' })
        ServiceEndpoints = @()
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
        WithoutConfig    = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
        WithClientSubnet = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest = @{ Dns = 'Private'; FailedStage = $null; TcpStatus = 'Connected'; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
