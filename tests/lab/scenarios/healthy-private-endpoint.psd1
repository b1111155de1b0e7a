@{
    Description = 'A geo-replicated Premium registry reached through an approved private endpoint, with private DNS answering for the registry and every regional data endpoint; public access is disabled.'
    Registry    = 'contosoprivate'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @('eastus')
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosoprivate'; ConnectionStatus = 'Approved' })
    }

    Network     = @{
        ClientDns              = 'Private'
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
        Rest = @{ Dns = 'Private'; FailedStage = $null; TcpStatus = 'Connected'; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = $null; HttpStatus = 200 }
            eastus = @{ Dns = 'Private'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
