@{
    Description = 'The registry''s REST endpoint throttles the client with 429 TOOMANYREQUESTS; storage still serves.'
    Registry    = 'contosothrottled'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Standard'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $false
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Throttled'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'RegistryThrottled' }
        WithoutConfig = @{ Verdict = 'Degraded'; PrimaryFinding = 'RegistryThrottled' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Http'; HttpStatus = 429; AcrErrorCode = 'TOOMANYREQUESTS' }
        Storage = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
