@{
    Description = 'The client''s subnet NSG allows the private endpoint''s subnet only on ports 8443-8445 (priority 100) and denies everything else to it (priority 200): 443 is dropped.'
    Registry    = 'contosonsgports'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosonsgports'; ConnectionStatus = 'Approved' })
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
        NsgRules         = @(
            @{ Name = 'AllowEndpointsAltHttps'; Priority = 100; Access = 'Allow'; Destination = '10.1.0.0/24'; Ports = '8443-8445' }
            @{ Name = 'DenyEndpoints'; Priority = 200; Access = 'Deny'; Destination = '10.1.0.0/24'; Ports = '*' }
        )
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
