@{
    Description = 'The client asks for a registry that does not exist (a typo): its name does not resolve and ARM does not know it.'
    Registry    = 'contosotypo'

    Config      = @{
        Exists                   = $false
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
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'DnsNameNotFound'; AlsoFindings = @('RegistryNotFound') }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'DnsNameNotFound' }
    }

    Probe       = @{
        Rest = @{ Dns = 'NameNotFound'; FailedStage = 'Dns' }
        Arm  = @{ FailedStage = 'Http'; HttpStatus = 404; ArmErrorCode = 'ResourceNotFound' }
    }
}
