@{
    Description = 'An AKS cluster whose kubelet identity holds AcrPull on an open Standard registry (what az aks update --attach-acr leaves): nothing to fix.'
    Registry    = 'contosoakspull'

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
    Aks         = @{ Name = 'aksprod'; KubeletRoles = @('NetworkContributor', 'AcrPull') }

    Network     = @{
        ClientDns              = 'Public'
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
        Rest    = @{ Dns = 'Public'; FailedStage = $null; TcpStatus = 'Connected'; TlsStatus = 'Trusted'; HttpStatus = 401 }
        Storage = @{ Dns = 'Public'; FailedStage = $null; HttpStatus = 200 }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
