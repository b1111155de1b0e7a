@{
    Description = 'A TLS-inspecting middlebox re-signs the registry''s and storage''s certificates with a corporate CA the client does not trust ("x509: certificate signed by unknown authority"); ARM is exempt from inspection.'
    Registry    = 'contosotls'

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
        ClientFirewall         = @()
        Proxy                  = 'None'
        Tls                    = 'Intercepted'
        PrivateEndpointTraffic = 'Delivered'
        FrontDoor              = 'Normal'
    }

    Expected    = @{
        WithConfig    = @{ Verdict = 'Blocked'; PrimaryFinding = 'TlsInterceptionDetected' }
        WithoutConfig = @{ Verdict = 'Blocked'; PrimaryFinding = 'TlsInterceptionDetected' }
    }

    Probe       = @{
        Rest    = @{ Dns = 'Public'; FailedStage = 'Tls'; TcpStatus = 'Connected'; TlsStatus = 'Untrusted'; TlsIssuer = 'Contoso TLS Inspection CA' }
        Storage = @{ Dns = 'Public'; FailedStage = 'Tls'; TlsStatus = 'Untrusted'; TlsIssuer = 'Contoso TLS Inspection CA' }
        Arm     = @{ FailedStage = $null; HttpStatus = 200 }
    }
}
