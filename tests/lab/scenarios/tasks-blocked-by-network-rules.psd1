@{
    Description = 'A Premium registry restricted to the client''s range that lets trusted services through but not ACR Tasks (networkRuleBypassAllowedForTasks false): the client pulls fine, Tasks on the shared infrastructure cannot.'
    Registry    = 'contosotasks'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @('203.0.113.0/25') }
        NetworkRuleBypassOptions = 'AzureServices'
        TasksBypassAllowed       = $false
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

    # The data path alone cannot see the Tasks setting.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'TasksBlockedByNetworkRules'; AlsoFindings = @('ServiceIntegrationUnsupported') }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
