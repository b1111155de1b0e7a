@{
    Description = 'A Premium registry whose firewall allows only an office range that does not contain the client''s egress address: ACR answers 403 DENIED naming the client IP.'
    Registry    = 'contosoiprule'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @('203.0.113.128/25') }
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
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'ClientIpNotAllowed' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'RegistryFirewallDeniedClient' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = 'Http'; TlsStatus = 'Trusted'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 403; AcrErrorCode = 'DENIED'; ReportedClientIp = '203.0.113.10' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
