@{
    Description = 'The client''s VNet uses a custom DNS server (10.0.0.53) in its own VNet, which the privatelink zone is not linked to: forwarded to Azure DNS there, the names resolve public and the registry answers 403 DENIED.'
    Registry    = 'contosocustomdns'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosocustomdns'; ConnectionStatus = 'Approved' })
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
        DnsServers       = @('10.0.0.53')
        NsgRules         = @()
        ServiceEndpoints = @()
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'CustomDnsServerCannotSeeZone' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'RegistryFirewallDeniedClient' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'CustomDnsServerCannotSeeZone' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
