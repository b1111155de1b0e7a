@{
    Description = 'The client''s subnet routes everything (0.0.0.0/0) to an Azure Firewall whose policy allows the login server on Https:443 but has no rule for the data endpoint: login works, layers time out in the firewall''s default deny.'
    Registry    = 'contosofwdata'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
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

    ClientNetwork = @{
        Peering          = 'Connected'
        ZoneLinks        = @('Client', 'Endpoint')
        DnsServers       = @()
        NsgRules         = @()
        ServiceEndpoints = @()
        Firewall         = @{ Allow = @('Rest') }
    }

    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'AzureFirewallDeniesRegistry' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'DataEndpointBlocked' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'AzureFirewallDeniesRegistry' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
