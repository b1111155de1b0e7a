@{
    Description = 'An AKS cluster with outboundType userDefinedRouting: its node pool''s subnet routes everything (0.0.0.0/0) to an Azure Firewall whose policy allows the login server on Https:443 but has no rule for the data endpoint; the kubelet identity holds AcrPull. The nodes log in and their layers time out in the firewall''s default deny: asked about the cluster, the diagnosis names the node pool beside the firewall, the data endpoint and the rule to add.'
    Registry    = 'contosoaksfw'

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

    # Invoke-AcrTroubleshooter is given -AksClusterId of this cluster (or its az aks show output); its node pool runs in
    # the client's subnet, whose route goes through the firewall namespace.
    Aks         = @{ Name = 'aksegress'; KubeletRoles = @('AcrPull') }

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

    # PrimaryNames: what the primary finding's summary names; PrimaryFix: what its remediation says to run.
    Expected    = @{
        WithConfig       = @{
            Verdict        = 'Blocked'
            PrimaryFinding = 'AzureFirewallDeniesRegistry'
            PrimaryNames   = @('node pool nodepool1', 'fw-acrlab', 'contosoaksfw.westus.data.azurecr.test')
            PrimaryFix     = 'firewall policy fwp-acrlab * --target-fqdns contosoaksfw.westus.data.azurecr.test'
        }
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
