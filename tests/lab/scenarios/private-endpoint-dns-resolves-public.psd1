@{
    Description = 'The registry has an approved private endpoint and no public access, but the client''s DNS is not linked to the privatelink zone: it resolves the public chain (privatelink CNAME included) and gets 403 DENIED.'
    Registry    = 'contosopednspublic'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosopednspublic'; ConnectionStatus = 'Approved' })
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointDnsNotUsed' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'RegistryFirewallDeniedClient' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
