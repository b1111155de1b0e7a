#Requires -Version 7.4
# Invoke-AcrTroubleshooter as the client of every lab scenario that describes the client's own network in Azure
# (a `ClientNetwork`: its VNet, subnet, NSG, peering and the zone's links, served by the lab's ARM and enforced by
# the client namespace's iptables): given -ClientSubnetId, or finding the subnet through the lab's Instance Metadata
# Service, it names the configuration that explains the packets; an identity that may not read the VM gets the packets
# alone. Piped from Get-AcrNetworkRule, each ARM resource is read once. Resolve-AcrPrivateDns and Test-AcrEndpoint
# given -ClientSubnetId judge each answer and connection against the same configuration. Needs root.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $cases = @(Get-AcrLabScenario | Where-Object ClientNetwork | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $clientScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
function Summary($diagnosis) {
    [ordered]@{
        Verdict       = "$($diagnosis.Verdict)"
        Findings      = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Severity = "$($_.Severity)"; Summary = $_.Summary; Evidence = @($_.Evidence); Remediation = $_.Remediation } })
        SubnetId      = $diagnosis.ClientNetwork.SubnetId
        Source        = "$($diagnosis.ClientNetwork.Source)"
        Examined      = $diagnosis.ClientNetwork.Examined
        Unread        = @($diagnosis.ClientNetwork.UnreadResources | ForEach-Object Message)
        Effective     = [ordered]@{ Routes = $null -ne $diagnosis.ClientNetwork.EffectiveRoutes; Rules = @($diagnosis.ClientNetwork.NetworkSecurityGroups | ForEach-Object EffectiveRules) }
        NotChecked    = @($diagnosis.NotChecked)
        View          = $diagnosis | Out-String -Width 160
    }
}
$common = @{ LoginServer = $in.LoginServer; Environment = $in.Environment; Repository = $in.Repository; TimeoutSec = $in.TimeoutSec }
# The Azure SDK's first load in a fresh process takes seconds on a busy machine: warm up before the timed diagnoses.
$null = Get-AcrNetworkRule -Name $in.Registry -Environment $in.Environment -AccessToken $in.ArmToken
$result = [ordered]@{ WithConfig = Summary (Invoke-AcrTroubleshooter @common -AccessToken $in.ArmToken) }
$result.WithClientSubnet = Summary (Invoke-AcrTroubleshooter @common -AccessToken $in.ArmToken -ClientSubnetId $in.SubnetId)
$result.WithoutConfig = Summary (Invoke-AcrTroubleshooter @common -AccessToken $in.PullToken)
# The two cmdlets that test one stage each: by login server (the configuration read by name), and piped.
$dns = @(Resolve-AcrPrivateDns -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.ArmToken -ClientSubnetId $in.SubnetId -TimeoutSec $in.TimeoutSec)
$result.ZoneLinks = @($dns | ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Resolver = $_.Resolver; Status = "$($_.ZoneLink.Status)"; Zone = $_.ZoneLink.Zone; VirtualNetworkId = $_.ZoneLink.VirtualNetworkId; Reason = $_.ZoneLink.Reason } })
$tests = @(Get-AcrNetworkRule -Name $in.Registry -Environment $in.Environment -AccessToken $in.ArmToken |
    Test-AcrEndpoint -Environment $in.Environment -AccessToken $in.ArmToken -ClientSubnetId $in.SubnetId -TimeoutSec $in.TimeoutSec)
$result.Paths = @($tests | ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Role = "$($_.Role)"; Address = $_.Address; Status = "$($_.ClientPath.Status)"; SubnetId = $_.ClientPath.SubnetId; Rules = @($_.ClientPath.SecurityRules); Route = $_.ClientPath.Route; Firewall = $_.ClientPath.Firewall; Reason = $_.ClientPath.Reason } })
$result.PathsView = $tests | Format-List Fqdn, Address, ClientPath | Out-String -Width 200
$result.PathsWide = $tests | Format-Table -View Wide | Out-String -Width 400
$result.ZoneLinksWide = $dns | Format-Table -View Wide | Out-String -Width 400
# Without -ClientSubnetId, on the lab's VM: the subnet found through the Instance Metadata Service.
$result.FoundZoneLinks = @(Resolve-AcrPrivateDns -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.ArmToken -TimeoutSec $in.TimeoutSec |
    ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Status = "$($_.ZoneLink.Status)"; VirtualNetworkId = $_.ZoneLink.VirtualNetworkId } })
$result.FoundPaths = @(Get-AcrNetworkRule -Name $in.Registry -Environment $in.Environment -AccessToken $in.ArmToken |
    Test-AcrEndpoint -Environment $in.Environment -AccessToken $in.ArmToken -TimeoutSec $in.TimeoutSec |
    ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Address = $_.Address; Status = "$($_.ClientPath.Status)"; SubnetId = $_.ClientPath.SubnetId; Rules = @($_.ClientPath.SecurityRules); Route = $_.ClientPath.Route } })
'<<MARK>>'
$piped = Get-AcrNetworkRule -Name $in.Registry -Environment $in.Environment -AccessToken $in.ArmToken |
    Invoke-AcrTroubleshooter -Environment $in.Environment -AccessToken $in.ArmToken -ClientSubnetId $in.SubnetId -Repository $in.Repository -TimeoutSec $in.TimeoutSec
$result.Piped = Summary $piped
'<<RESULT>>' + (ConvertTo-Json -InputObject $result -Depth 5 -Compress)
'@

    $script:Measured = Invoke-AcrLabScenario -Scenario (Get-AcrLabScenario | Where-Object ClientNetwork | ForEach-Object Name) -Context @{ ClientScript = $clientScript } -Measure {
        param($lab, $context)
        $run = Invoke-AcrLabClient -Lab $lab -TimeoutSec 180 -Script $context.ClientScript -InputObject @{
            SubnetId    = $lab.ClientSubnetId
            TimeoutSec  = 3
        }
        [pscustomobject]@{
            SubnetId   = $lab.ClientSubnetId
            Output     = $run.Output
            RawOutput  = $run.Raw
            AccessLog  = @(Get-Content -LiteralPath (Join-Path $lab.WorkDir 'nginx/access.log'))
        }
    }
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter -ClientSubnetId in scenario <Name>' -ForEach $cases {
    BeforeAll {
        $measured = $script:Measured[$Name]
        $scenario = Get-AcrLabScenario -Name $Name
        function Get-Primary($run) { @($run.Findings | Where-Object Severity -NE 'Info') | Select-Object -First 1 }
    }

    It 'runs every diagnosis' {
        $measured.Error | Should -BeNullOrEmpty
        $measured.Output | Should -Not -BeNullOrEmpty -Because $measured.RawOutput
    }

    It 'names the configuration as the primary cause given the client''s subnet, and says which subnet it examined and how' {
        $run = $measured.Output.WithClientSubnet
        $expected = $scenario.Expected.WithClientSubnet
        $codes = @($run.Findings | ForEach-Object Code) -join ', '
        $run.Verdict | Should -Be $expected.Verdict -Because "the findings were: $codes"
        (Get-Primary $run).Code | Should -Be $expected.PrimaryFinding -Because "the findings were: $codes"
        $run.Examined | Should -BeTrue -Because "$($run.Unread)"
        $run.SubnetId | Should -Be $measured.SubnetId
        $run.Source | Should -Be 'Parameter'
        $run.View | Should -Match 'client subnet workloads \(given\s+with\s+-ClientSubnetId\)'
        $run.NotChecked | Where-Object { $_ -like "The client's network*" } | Should -BeNullOrEmpty
    }

    It 'shows the packets beside the configuration that explains them' {
        $primary = Get-Primary $measured.Output.WithClientSubnet
        if ($null -eq $primary) { return }
        $evidence = $primary.Evidence -join "`n"
        switch ($primary.Code) {
            'NsgDeniesRegistryTraffic' {
                $evidence | Should -Match 'NSG nsg-workloads \(Subnet\): 10\.1\.0\.4:443 outbound matches rule Deny\w+ \(priority 200'
                $evidence | Should -Match 'TCP to 10\.1\.0\.\d+:443 got no answer' -Because 'the dropped packets are the evidence beside the rule'
                $primary.Remediation | Should -Match '--nsg-name nsg-workloads'
            }
            'VirtualNetworkNotConnected' {
                $evidence | Should -Match 'has no peerings'
                $primary.Remediation | Should -Match 'az network vnet peering create'
            }
            'PrivateDnsZoneNotLinked' {
                $evidence | Should -Match 'is linked to vnet-acrlab'
                $evidence | Should -Match 'through the system resolver'
                $primary.Remediation | Should -Match 'az network private-dns link vnet create .* --virtual-network .*/virtualNetworks/vnet-client'
            }
            'CustomDnsServerCannotSeeZone' {
                $evidence | Should -Match 'DNS server 10\.0\.0\.53 is in VNet vnet-client'
                $primary.Remediation | Should -Match 'vnet-client'
            }
            'ServiceEndpointMissing' {
                $evidence | Should -Match 'service endpoints \[Microsoft\.Storage\]'
                $evidence | Should -Match '403'
                $primary.Remediation | Should -Match '--service-endpoints Microsoft\.Storage Microsoft\.ContainerRegistry'
            }
            'AzureFirewallDeniesRegistry' {
                $evidence | Should -Match 'sends it by route to-firewall 0\.0\.0\.0/0 -> VirtualAppliance 10\.1\.0\.68; Azure Firewall fw-acrlab: no rule allows \S+\.data\.\S+ \(192\.0\.2\.\d+\) on TCP 443'
                $evidence | Should -Match 'TCP to 192\.0\.2\.\d+:443 got no answer' -Because 'the packets the firewall namespace dropped are the evidence beside the policy'
                $primary.Remediation | Should -Match 'firewall policy fwp-acrlab .* --target-fqdns \S+\.data\.'
            }
            default { throw "no evidence check for $($primary.Code)" }
        }
    }

    It 'finds the same subnet through the Instance Metadata Service without -ClientSubnetId' {
        $run = $measured.Output.WithConfig
        $expected = $scenario.Expected.WithConfig
        $run.Verdict | Should -Be $expected.Verdict
        (Get-Primary $run).Code | Should -Be $expected.PrimaryFinding
        $run.Examined | Should -BeTrue -Because "$($run.NotChecked)"
        $run.Source | Should -Be 'InstanceMetadata'
        $run.SubnetId | Should -Be $measured.SubnetId
        $run.View | Should -Match 'client subnet workloads \(found\s+through\s+the\s+Instance\s+Metadata\s+Service:\s+VM\s+vm-client'
    }

    It 'judges by ARM''s effective rules and routes of the VM''s network interface, found through the Instance Metadata Service' {
        $run = $measured.Output.WithConfig
        $run.Unread | Should -BeNullOrEmpty -Because 'the lab''s ARM computes both actions (202, then the answer at its Location)'
        $run.Effective.Routes | Should -BeTrue
        $run.Effective.Rules | Should -Be @($true)
        $given = $measured.Output.WithClientSubnet.Effective
        $given.Routes | Should -BeFalse -Because 'with -ClientSubnetId no network interface is known'
        $given.Rules | Should -Be @($false)
        $primary = Get-Primary $run
        if ($null -eq $primary) { return }
        $evidence = $primary.Evidence -join "`n"
        switch ($primary.Code) {
            'NsgDeniesRegistryTraffic' { $evidence | Should -Match 'NSG nsg-workloads \(Subnet, effective rules\): 10\.1\.0\.4:443 outbound matches rule Deny\w+ \(priority 200' }
            'AzureFirewallDeniesRegistry' {
                $evidence | Should -Match 'the effective routes of the client''s network interface \(route table rt-workloads among them\) send it by route to-firewall 0\.0\.0\.0/0 -> VirtualAppliance 10\.1\.0\.68'
            }
        }
    }

    It 'diagnoses from the packets alone when the identity may not read the VM, and says why' {
        $run = $measured.Output.WithoutConfig
        $run.Verdict | Should -Be $scenario.Expected.WithoutConfig.Verdict
        (Get-Primary $run).Code | Should -Be $scenario.Expected.WithoutConfig.PrimaryFinding
        $run.Examined | Should -BeFalse
        ($run.NotChecked -join "`n") | Should -Match 'names the VM vm-client, but the VM could not be read'
    }

    It 'Resolve-AcrPrivateDns -ClientSubnetId says whether the client''s DNS can see the registry''s private DNS zone' {
        $client = $scenario.ClientNetwork
        $expected = if (-not $scenario.Config.PrivateEndpoints) { 'NoPrivateDnsZone' }
            elseif ($client.DnsServers) { if ('Client' -in $client.ZoneLinks) { 'DnsServerLinked' } else { 'DnsServerNotLinked' } }
            elseif ('Client' -in $client.ZoneLinks) { 'Linked' } else { 'NotLinked' }
        $links = @($measured.Output.ZoneLinks)
        $links | Should -Not -BeNullOrEmpty
        foreach ($link in $links) {
            $link.Status | Should -Be $expected -Because "$($link.Fqdn): $($link.Reason)"
            $link.VirtualNetworkId | Should -Be ($measured.SubnetId -replace '/subnets/.*$')
            if ($expected -ne 'NoPrivateDnsZone') { $link.Zone | Should -BeLike 'privatelink.*' }
        }
        $measured.Output.ZoneLinksWide | Should -Match "ZoneLink\s+CnameChain"
        $measured.Output.ZoneLinksWide | Should -Match "\s$expected\s"
    }

    It 'Test-AcrEndpoint -ClientSubnetId says what the client''s NSGs, route and firewall do to each connection' {
        $primary = $scenario.Expected.WithClientSubnet.PrimaryFinding
        # The connection the configuration breaks, and what every other connection meets.
        $broken = switch ($primary) {
            'NsgDeniesRegistryTraffic' { @{ Role = 'Rest'; Status = 'DeniedByNetworkSecurityGroup'; Evidence = 'NSG nsg-\w+ \(Subnet\): 10\.1\.0\.4:443 outbound matches rule Deny\w+ \(priority 200' } }
            'VirtualNetworkNotConnected' { @{ Role = 'Rest'; Status = 'VirtualNetworkNotConnected'; Evidence = 'neither is nor peers with' } }
            'AzureFirewallDeniesRegistry' { @{ Role = 'Data'; Status = 'DeniedByFirewall'; Evidence = 'Azure Firewall fw-acrlab: no rule allows \S+\.data\.' } }
            default { $null }
        }
        $paths = @($measured.Output.Paths)
        $paths | Should -Not -BeNullOrEmpty
        foreach ($path in $paths) {
            $path.SubnetId | Should -Be $measured.SubnetId -Because $path.Reason
            $path.Route | Should -Not -BeNullOrEmpty -Because $path.Reason
            $path.Rules | Should -Not -BeNullOrEmpty -Because 'the subnet''s NSG (or Azure''s default rules) decides every flow'
            if ($broken -and $path.Role -eq $broken.Role) {
                $path.Status | Should -Be $broken.Status -Because "$($path.Fqdn) $($path.Address): $($path.Reason)"
                "$($path.Reason) $($path.Firewall)" | Should -Match $broken.Evidence
            }
            else {
                $path.Status | Should -BeIn (@('Allowed') + @(if ($broken) { $broken.Status })) -Because "$($path.Fqdn) $($path.Address): $($path.Reason)"
            }
        }
        if ($broken) { @($paths | Where-Object Role -EQ $broken.Role) | Should -Not -BeNullOrEmpty }
        $measured.Output.PathsView | Should -Match 'ClientPath\s+: (Allowed|Denied|Virtual)\w*: subnet workloads'
        $measured.Output.PathsWide | Should -Match 'ClientPath\s+Message'
        if ($broken) { $measured.Output.PathsWide | Should -Match "\s$($broken.Status)\s" }
    }

    It 'judges the same without -ClientSubnetId on the lab''s VM, by its network interface''s effective rules' {
        $found = @($measured.Output.FoundZoneLinks)
        $found.Count | Should -Be @($measured.Output.ZoneLinks).Count
        foreach ($link in $found) {
            $link.Status | Should -Be (@($measured.Output.ZoneLinks | Where-Object Fqdn -EQ $link.Fqdn)[0].Status)
            $link.VirtualNetworkId | Should -Be ($measured.SubnetId -replace '/subnets/.*$')
        }
        $paths = @($measured.Output.FoundPaths)
        $paths | Should -Not -BeNullOrEmpty
        foreach ($path in $paths) {
            $given = @($measured.Output.Paths | Where-Object { $_.Fqdn -eq $path.Fqdn -and $_.Address -eq $path.Address })[0]
            $path.Status | Should -Be $given.Status -Because "$($path.Fqdn) $($path.Address) by effective rules ($($path.Rules)) and route $($path.Route)"
            $path.SubnetId | Should -Be $measured.SubnetId
            $path.Rules | Should -Match '\(Subnet, effective rules\)'
        }
    }

    It 'reads each ARM resource once when the configuration is piped from Get-AcrNetworkRule' {
        $measured.Output.Piped.Verdict | Should -Be $scenario.Expected.WithClientSubnet.Verdict
        $marker = $measured.RawOutput.IndexOf('<<MARK>>')
        $marker | Should -BeGreaterThan -1
        # The piped run is the last one: its ARM requests are the access log's tail after the three diagnoses before it.
        $arm = @($measured.AccessLog | Where-Object { $_ -match ' management\.lab\.test "GET (?<path>[^? ]+)' } | ForEach-Object { $Matches.path.ToLowerInvariant() })
        $pipedStart = [array]::LastIndexOf($arm, ($arm | Where-Object { $_ -like '*/providers/microsoft.containerregistry/registries/*' -and $_ -notlike '*/replications' -and $_ -notlike '*/privateendpointconnections*' } | Select-Object -Last 1))
        $piped = $arm[$pipedStart..($arm.Count - 1)]
        $piped | Should -Contain ($measured.SubnetId.ToLowerInvariant() -replace '/subnets/.*$')
        $piped | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }
}
