@{
    Description = 'HTTPS_PROXY names a proxy host where nothing listens: every connection to it is refused and the client has no other way out, ARM included.'
    Registry    = 'contosoproxydown'

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
        Proxy                  = 'Down'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # ARM sits behind the same dead proxy, so even with a token the configuration cannot be read.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyConnectFailed'; AlsoFindings = @('ConfigurationUnavailable') }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'ProxyConnectFailed' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Proxy'; TcpStatus = 'Refused' }
        Storage = @{ Dns = 'Public'; FailedStage = 'Proxy'; TcpStatus = 'Refused' }
        Arm     = @{ FailedStage = 'Proxy'; TcpStatus = 'Refused' }
    }
}
