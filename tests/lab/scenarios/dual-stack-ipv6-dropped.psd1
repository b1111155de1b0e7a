@{
    Description = 'A dual-stack Premium registry (endpointProtocol IPv4AndIPv6; its names answer A and AAAA in 2001:db8::/32) and a client with IPv6 whose firewall drops TCP 443 over IPv6 only: IPv4 works, clients that try IPv6 first wait or fail.'
    Registry    = 'contosodual'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Enabled'
        NetworkRuleSet           = @{ DefaultAction = 'Allow'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DualStack                = $true
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @()
    }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @(@{ Target = 'Ipv6'; Action = 'Drop' })
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # The AAAA answers show the registry is dual stack with or without its configuration.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Degraded'; PrimaryFinding = 'Ipv6PathBlocked' }
        WithoutConfig = @{ Verdict = 'Degraded'; PrimaryFinding = 'Ipv6PathBlocked' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 401 }
        Data = @{
            westus = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
