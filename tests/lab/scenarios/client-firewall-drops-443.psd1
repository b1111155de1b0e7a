@{
    Description = 'A client-side firewall silently drops outbound TCP 443 to the registry and its storage host ("Client.Timeout exceeded"); ARM stays reachable.'
    Registry    = 'contosodrops'

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
        ClientFirewall         = @(
            @{ Target = 'Rest'; Action = 'Drop' }
            @{ Target = 'Storage'; Action = 'Drop' }
        )
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'TcpConnectTimeout' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'TcpConnectTimeout' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Storage = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
