# The scenario catalogue: one data file per scenario under scenarios/, checked on load.

$script:ScenarioDirectory = Join-Path (Split-Path -Parent $PSScriptRoot) 'scenarios'

# Finding codes a scenario may expect: every code of the project's findings.md (the first column of its table).
$script:FindingCodes = @(
    Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../../docs/findings.md') |
        Select-String -Pattern '^\| `(\w+)`' |
        ForEach-Object { $_.Matches[0].Groups[1].Value }
)

# Allowed values of every enumerated setting in a scenario file.
$script:ScenarioVocabulary = @{
    Sku                    = @('Basic', 'Standard', 'Premium')
    PublicNetworkAccess    = @('Enabled', 'Disabled')
    DefaultAction          = @('Allow', 'Deny')
    Bypass                 = @('AzureServices', 'None')
    ConnectionStatus       = @('Approved', 'Pending', 'Rejected', 'Disconnected')
    ClientDns              = @('Public', 'Private')
    FirewallTarget         = @('Rest', 'Data', 'Storage', 'Arm', 'Regional', 'Ipv6')
    FirewallAction         = @('Drop', 'Reject')
    Proxy                  = @('None', 'Allow', 'Deny', 'AuthRequired', 'Down')
    Tls                    = @('Genuine', 'Intercepted')
    PrivateEndpointTraffic = @('Delivered', 'Dropped')
    FrontDoor              = @('Normal', 'Throttled')
    KubeletRole            = @('AcrPull', 'NetworkContributor')
    Verdict                = @('Healthy', 'Degraded', 'Blocked', 'Inconclusive')
    Dns                    = @('Public', 'Private', 'NameNotFound')
    FailedStage            = @($null, 'Dns', 'Tcp', 'Proxy', 'Tls', 'Http')  # the stages a scenario can break: names of the module's PullStage (Lab.Tests.ps1 holds it to that)
    TcpStatus              = @('Connected', 'Timeout', 'Refused', 'Unreachable')
    TlsStatus              = @('Trusted', 'Untrusted')
}
$script:ProbeKeys = @('Dns', 'FailedStage', 'TcpStatus', 'ProxyHttpStatus', 'TlsStatus', 'TlsIssuer', 'HttpStatus', 'AcrErrorCode', 'ArmErrorCode', 'ReportedClientIp')

function Import-LabScenario {
    # Reads one scenario file and returns the catalogue object; throws naming the file and the problem.
    param([Parameter(Mandatory)][string] $Path)
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $data = Import-PowerShellDataFile -LiteralPath $Path
    $problems = [System.Collections.Generic.List[string]]::new()
    Test-LabScenarioData -Data $data -Problems $problems
    if ($problems.Count -gt 0) {
        throw "Scenario file '$Path' is invalid:$([Environment]::NewLine)  $($problems -join "$([Environment]::NewLine)  ")"
    }
    [pscustomobject]@{
        PSTypeName  = 'AcrLab.Scenario'
        Name        = $name
        Description = $data.Description
        Registry    = $data.Registry
        Config      = $data.Config
        Network     = $data.Network
        ClientNetwork = $data['ClientNetwork']
        Expected    = $data.Expected
        Probe       = $data.Probe
        Aks         = $data['Aks']
        Path        = $Path
    }
}

function Test-LabScenarioData {
    param([Parameter(Mandatory)][hashtable] $Data, [Parameter(Mandatory)] $Problems)

    function Test-Value([string] $Where, $Value, [string] $Vocabulary) {
        if ($Value -notin $script:ScenarioVocabulary[$Vocabulary]) {
            $Problems.Add("$Where is '$Value'; expected one of: $($script:ScenarioVocabulary[$Vocabulary] -join ', ')")
        }
    }
    function Test-Keys([string] $Where, $Table, [string[]] $Required) {
        if ($Table -isnot [hashtable]) { $Problems.Add("$Where must be a hashtable"); return $false }
        foreach ($key in $Required) { if (-not $Table.ContainsKey($key)) { $Problems.Add("$Where lacks '$key'") } }
        return $true
    }

    if (-not (Test-Keys 'The scenario' $Data @('Description', 'Registry', 'Config', 'Network', 'Expected', 'Probe'))) { return }
    if ($Data.Registry -notmatch '^[a-z0-9]{5,50}$') { $Problems.Add("Registry '$($Data.Registry)' is not a valid registry name (5-50 lowercase letters and digits)") }

    $config = $Data.Config
    if (Test-Keys 'Config' $config @('Exists', 'Sku', 'Location', 'Replications', 'PublicNetworkAccess', 'NetworkRuleSet', 'NetworkRuleBypassOptions', 'DataEndpointEnabled', 'PrivateEndpoints')) {
        Test-Value 'Config.Sku' $config.Sku 'Sku'
        Test-Value 'Config.PublicNetworkAccess' $config.PublicNetworkAccess 'PublicNetworkAccess'
        Test-Value 'Config.NetworkRuleBypassOptions' $config.NetworkRuleBypassOptions 'Bypass'
        if ($null -ne $config.NetworkRuleSet) {
            if (Test-Keys 'Config.NetworkRuleSet' $config.NetworkRuleSet @('DefaultAction', 'IpRules')) {
                Test-Value 'Config.NetworkRuleSet.DefaultAction' $config.NetworkRuleSet.DefaultAction 'DefaultAction'
                foreach ($rule in @($config.NetworkRuleSet.IpRules)) {
                    $cidr = if ("$rule".Contains('/')) { "$rule" } else { "$rule/32" }
                    try { $null = [System.Net.IPNetwork]::Parse($cidr) }
                    catch { $Problems.Add("Config.NetworkRuleSet.IpRules has '$rule', which is not an IPv4 address or CIDR range") }
                }
            }
        }
        $isPremium = $config.Sku -eq 'Premium'
        if (@($config.Replications).Count -gt 0 -and -not $isPremium) { $Problems.Add('Config.Replications needs the Premium SKU') }
        if ($config.DataEndpointEnabled -and -not $isPremium) { $Problems.Add('Config.DataEndpointEnabled needs the Premium SKU') }
        $endpoints = @($config.PrivateEndpoints)
        if ($endpoints.Count -gt 1) { $Problems.Add('Config.PrivateEndpoints: the lab models at most one private endpoint') }
        foreach ($endpoint in $endpoints) {
            if (Test-Keys 'Config.PrivateEndpoints[]' $endpoint @('Name', 'ConnectionStatus')) {
                Test-Value 'Config.PrivateEndpoints[].ConnectionStatus' $endpoint.ConnectionStatus 'ConnectionStatus'
                if (-not $isPremium) { $Problems.Add('Config.PrivateEndpoints needs the Premium SKU') }
                if (-not $config.DataEndpointEnabled) { $Problems.Add('Config.PrivateEndpoints needs DataEndpointEnabled (private endpoints always use dedicated data endpoints)') }
                if ($endpoint.ConnectionStatus -ne 'Approved' -and $Data.Network.PrivateEndpointTraffic -ne 'Dropped') {
                    $Problems.Add("Network.PrivateEndpointTraffic must be 'Dropped' when the private endpoint is $($endpoint.ConnectionStatus): only approved connections pass traffic")
                }
            }
        }
    }

    foreach ($flag in 'TasksBypassAllowed', 'RegionalEndpoints', 'DualStack') {
        if ($config -is [hashtable] -and $config.ContainsKey($flag) -and $config[$flag] -isnot [bool]) { $Problems.Add("Config.$flag must be `$true or `$false") }
    }
    if ($config -is [hashtable] -and $config['RegionalEndpoints'] -and $config.Sku -ne 'Premium') { $Problems.Add('Config.RegionalEndpoints needs the Premium SKU') }
    if ($config -is [hashtable] -and $config['DualStack'] -and $Data.Network.Proxy -ne 'None') { $Problems.Add('Config.DualStack: the lab gives the client IPv6 only without a proxy') }
    if (@($Data.Network.ClientFirewall | Where-Object { $_.Target -eq 'Ipv6' }).Count -gt 0 -and -not $config['DualStack']) {
        $Problems.Add("Network.ClientFirewall[].Target 'Ipv6' needs Config.DualStack")
    }
    if (@($Data.Network.ClientFirewall | Where-Object { $_.Target -eq 'Regional' }).Count -gt 0 -and -not $config['RegionalEndpoints']) {
        $Problems.Add("Network.ClientFirewall[].Target 'Regional' needs Config.RegionalEndpoints")
    }
    if ($Data.ContainsKey('Aks') -and (Test-Keys 'Aks' $Data.Aks @('Name', 'KubeletRoles'))) {
        if ($Data.Aks.Name -notmatch '^[a-z0-9-]{1,63}$') { $Problems.Add("Aks.Name '$($Data.Aks.Name)' is not a cluster name (lowercase letters, digits and hyphens)") }
        foreach ($role in @($Data.Aks.KubeletRoles)) { Test-Value 'Aks.KubeletRoles[]' $role 'KubeletRole' }
        if (-not $config.Exists) { $Problems.Add('Aks needs a registry that exists: the kubelet identity''s roles are on it') }
    }

    $network = $Data.Network
    if (Test-Keys 'Network' $network @('ClientDns', 'ClientFirewall', 'Proxy', 'Tls', 'PrivateEndpointTraffic', 'FrontDoor')) {
        foreach ($key in 'ClientDns', 'Proxy', 'Tls', 'PrivateEndpointTraffic', 'FrontDoor') { Test-Value "Network.$key" $network[$key] $key }
        foreach ($rule in @($network.ClientFirewall)) {
            if (Test-Keys 'Network.ClientFirewall[]' $rule @('Target', 'Action')) {
                Test-Value 'Network.ClientFirewall[].Target' $rule.Target 'FirewallTarget'
                Test-Value 'Network.ClientFirewall[].Action' $rule.Action 'FirewallAction'
                if ($rule.ContainsKey('Region') -and $rule.Target -ne 'Data') { $Problems.Add('Network.ClientFirewall[].Region applies only to the Data target') }
            }
        }
        if ($network.Proxy -ne 'None' -and @($network.ClientFirewall).Count -gt 0) { $Problems.Add('Network.ClientFirewall has no effect behind a proxy: the client reaches only the proxy') }
        if ($network.ClientDns -eq 'Private' -and @($config.PrivateEndpoints).Count -eq 0) { $Problems.Add("Network.ClientDns 'Private' needs a private endpoint") }
    }

    if (Test-Keys 'Expected' $Data.Expected @('WithConfig', 'WithoutConfig')) {
        foreach ($mode in @('WithConfig', 'WithoutConfig') + @($Data.Expected.Keys | Where-Object { $_ -eq 'WithClientSubnet' })) {
            $expected = $Data.Expected[$mode]
            if (Test-Keys "Expected.$mode" $expected @('Verdict', 'PrimaryFinding')) {
                Test-Value "Expected.$mode.Verdict" $expected.Verdict 'Verdict'
                $codes = @($expected.PrimaryFinding) + @($expected['AlsoFindings']) | Where-Object { $null -ne $_ }
                foreach ($code in $codes) { if ($code -notin $script:FindingCodes) { $Problems.Add("Expected.$mode names '$code', which is not a finding code in findings.md") } }
                if (($expected.Verdict -eq 'Healthy') -ne ($null -eq $expected.PrimaryFinding)) { $Problems.Add("Expected.$mode`: a Healthy verdict has no PrimaryFinding, any other verdict has one") }
            }
        }
    }

    Test-LabClientNetworkData -Data $Data -Problems $Problems

    $probe = $Data.Probe
    if (Test-Keys 'Probe' $probe @('Rest', 'Arm')) {
        $regions = @($config.Location) + @($config.Replications)
        $entries = [ordered]@{ 'Probe.Rest' = $probe.Rest; 'Probe.Arm' = $probe.Arm }
        $hasData = $config.Exists -and $config.DataEndpointEnabled
        $hasStorage = $config.Exists -and -not $config.DataEndpointEnabled
        if ($hasData) {
            if (Test-Keys 'Probe.Data' $probe['Data'] $regions) {
                foreach ($region in $probe.Data.Keys) {
                    if ($region -notin $regions) { $Problems.Add("Probe.Data names region '$region', which is not one of the registry's regions") }
                    $entries["Probe.Data.$region"] = $probe.Data[$region]
                }
            }
        }
        elseif ($probe.ContainsKey('Data')) { $Problems.Add('Probe.Data is for registries with dedicated data endpoints') }
        if ($hasStorage) {
            if (-not $probe.ContainsKey('Storage')) { $Problems.Add('Probe lacks Storage: pulls from this registry are redirected to blob storage') }
            else { $entries['Probe.Storage'] = $probe['Storage'] }
        }
        elseif ($probe.ContainsKey('Storage')) { $Problems.Add('Probe.Storage is for existing registries without dedicated data endpoints') }

        foreach ($where in $entries.Keys) {
            $entry = $entries[$where]
            if (-not (Test-Keys $where $entry @('FailedStage'))) { continue }
            foreach ($key in $entry.Keys) { if ($key -notin $script:ProbeKeys) { $Problems.Add("$where has unknown key '$key'; known: $($script:ProbeKeys -join ', ')") } }
            Test-Value "$where.FailedStage" $entry.FailedStage 'FailedStage'
            foreach ($key in 'Dns', 'TcpStatus', 'TlsStatus') { if ($entry.ContainsKey($key)) { Test-Value "$where.$key" $entry[$key] $key } }
            if ($where -ne 'Probe.Arm' -and -not $entry.ContainsKey('Dns')) { $Problems.Add("$where lacks 'Dns'") }
        }
    }
}
