@{
    Description = 'The privatelink zone is linked only to the private endpoint''s VNet, not to the client''s (peered) VNet, which uses Azure DNS: the client resolves the public chain and gets 403 DENIED.'
    Registry    = 'contosozoneelse'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosozoneelse'; ConnectionStatus = 'Approved' })
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    ClientNetwork = @{
        Peering          = 'Connected'
        ZoneLinks        = @('Endpoint')
        DnsServers       = @()
        NsgRules         = @()
        ServiceEndpoints = @()
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateDnsZoneNotLinked' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'RegistryFirewallDeniedClient' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateDnsZoneNotLinked' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
