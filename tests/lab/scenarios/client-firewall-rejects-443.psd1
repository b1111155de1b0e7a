@{
    Description = 'A client-side firewall actively rejects outbound TCP 443 to the registry and its storage host with a reset; ARM stays reachable.'
    Registry    = 'contosorejects'

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
            @{ Target = 'Rest'; Action = 'Reject' }
            @{ Target = 'Storage'; Action = 'Reject' }
        )
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'TcpConnectRefused' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'TcpConnectRefused' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Refused' }
        Storage = @{ Dns = 'Public'; FailedStage = 'Tcp'; TcpStatus = 'Refused' }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
