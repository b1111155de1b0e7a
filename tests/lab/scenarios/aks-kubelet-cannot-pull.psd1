@{
    Description = 'An AKS cluster (private API server) whose kubelet identity holds Network Contributor but no pull role on an open Standard registry: the network is fine, every node''s pull is refused at the token.'
    Registry    = 'contosoaks'

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

    # Invoke-AcrTroubleshooter is given -AksClusterId of this cluster.
    Aks         = @{ Name = 'aksdev'; KubeletRoles = @('NetworkContributor'); PrivateCluster = $true }

    Network     = @{
        ClientDns              = 'Public'
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Genuine'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    # Without ARM the cluster and its identity's roles cannot be read: the data path is healthy.
    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'KubeletIdentityCannotPull' }
        WithoutConfig = @{ Verdict = 'Healthy'; PrimaryFinding = $null }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = $null; TcpStatus = 'Connected'; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
