@{
    Description = 'The corporate proxy refuses CONNECT to the registry and storage hosts with 403 (ARM is allowed); the client has no other way out.'
    Registry    = 'contosoproxydenies'

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
        Proxy                  = 'Deny'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyDenied' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyDenied' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Proxy'; ProxyHttpStatus = 403 }
        Storage = @{ Dns = 'Public'; FailedStage = 'Proxy'; ProxyHttpStatus = 403 }
        Arm     = @{ FailedStage = $null; ProxyHttpStatus = 200; HttpStatus = 200 }
    }
}
