@{
    Description = 'The client has no direct route out and goes through an HTTPS proxy (squid) that allows CONNECT to 443; ACR sees the proxy''s egress address.'
    Registry    = 'contosoproxyok'

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
        Proxy                  = 'Allow'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = $null; ProxyHttpStatus = 200; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = $null; ProxyHttpStatus = 200; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
