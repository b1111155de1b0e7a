@{
    Description = 'The corporate proxy requires basic authentication and the client sends none: CONNECT gets 407, for ARM too.'
    Registry    = 'contosoproxyauth'

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
        Proxy                  = 'AuthRequired'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # ARM sits behind the same proxy, so even with a token the configuration cannot be read.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyAuthenticationRequired'; AlsoFindings = @('ConfigurationUnavailable') }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyAuthenticationRequired' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Proxy'; ProxyHttpStatus = 407 }
        Storage = @{ Dns = 'Public'; FailedStage = 'Proxy'; ProxyHttpStatus = 407 }
        Arm     = @{ FailedStage = 'Proxy'; ProxyHttpStatus = 407 }
    }
}
