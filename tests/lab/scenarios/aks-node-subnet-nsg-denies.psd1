@{
    Description = 'An AKS cluster whose node pool runs in a subnet whose NSG denies outbound TCP 443 to the registry''s private endpoint (rule DenyEndpointsHttps, priority 200); the kubelet identity holds AcrPull. The nodes'' packets to the endpoint are dropped: asked about the cluster, the diagnosis names the node pool beside the NSG.'
    Registry    = 'contosoaksnsg'

    Config      = @{
        Exists                   = $true
        Sku                      = 'Premium'
        Location                 = 'westus'
        Replications             = @()
        PublicNetworkAccess      = 'Disabled'
        NetworkRuleSet           = @{ DefaultAction = 'Deny'; IpRules = @() }
        NetworkRuleBypassOptions = 'AzureServices'
        DataEndpointEnabled      = $true
        PrivateEndpoints         = @(@{ Name = 'pe-contosoaksnsg'; ConnectionStatus = 'Approved' })
    }

    # Invoke-AcrTroubleshooter is given -AksClusterId of this cluster; its node pool runs in the client's subnet.
    Aks         = @{ Name = 'aksnodes'; KubeletRoles = @('AcrPull'); PrivateCluster = $true }

    Network     = @{
        ClientDns              = 'Private'
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
        NsgRules         = @(@{ Name = 'DenyEndpointsHttps'; Priority = 200; Access = 'Deny'; Destination = '10.1.0.0/24'; Ports = '443' })
        ServiceEndpoints = @()
    }

    # PrimaryNames: what the primary finding's summary names (the node pool, beside the NSG).
    Expected    = @{
        WithConfig       = @{ Verdict = 'Blocked'; PrimaryFinding = 'NsgDeniesRegistryTraffic'; PrimaryNames = 'node pool nodepool1' }
        WithoutConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'PrivateEndpointUnreachable' }
        WithClientSubnet = @{ Verdict = 'Blocked'; PrimaryFinding = 'NsgDeniesRegistryTraffic' }
    }

    Probe       = @{
        Rest = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        Data = @{
            westus = @{ Dns = 'Private'; FailedStage = 'Tcp'; TcpStatus = 'Timeout' }
        }
        Arm  = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
