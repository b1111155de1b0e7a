@{
    Description = 'A Premium registry with public network access disabled and no private endpoint; the client comes over the public path and gets 403 DENIED.'
    Registry    = 'contosonopublic'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
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
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PublicNetworkAccessDisabled' }
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
