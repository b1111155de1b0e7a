@{
    Description = 'The client''s subnet NSG denies outbound TCP 443 to the private endpoint''s subnet (rule DenyEndpointsHttps, priority 200), and the client''s packets to it are dropped: without the subnet the diagnosis sees only "host is not reachable".'
    Registry    = 'contosonsgdeny'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosonsgdeny'; ConnectionStatus = 'Approved' })
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
        NsgRules         = @(@{ Name = 'DenyEndpointsHttps'; Priority = 200; Access = 'Deny'; Destination = '10.1.0.0/24'; Ports = '443' })
        ServiceEndpoints = @()
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'NsgDeniesRegistryTraffic' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointUnreachable' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'NsgDeniesRegistryTraffic' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
