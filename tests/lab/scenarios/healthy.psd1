@{
    Description = 'A Standard registry open to the internet, reached directly; pulls are redirected to blob storage.'
    Registry    = 'contosohealthy'

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
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = $null; TcpStatus = 'Connected'; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
