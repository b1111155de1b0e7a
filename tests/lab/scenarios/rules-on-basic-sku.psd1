@{
    Description = 'A Basic registry whose configuration carries IP rules (left from a Premium past or an exported template): ACR does not enforce network rules below Premium, so the registry stays open ("Failed to save firewall and virtual network settings").'
    Registry    = 'contosobasic'

    # Derived: ARM only accepts network rules on Premium; this is the shape an export shows after a SKU change.
    Config      = @{
        Exists                   = $true
        Sku                      = 'Basic'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @('203.0.113.128/25') }
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

    # The data path alone sees an open registry.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'NetworkRulesRequirePremium' }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
