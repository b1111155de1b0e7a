# Namespaces, veth links, addresses, routes, firewalls and latency, written as one bash script.
# Every interface and address is created inside the lab's namespaces (veth pairs are created with
# `ip -n <ns> link add ... peer ... netns <other>`), and no namespace has a default route, so nothing
# the lab does can reach past it.

function New-LabNetwork {
    param([Parameter(Mandatory)] $Plan)
    $ns = $Plan.Namespaces
    $directory = Join-Path $Plan.WorkDir 'network'
    # ip batches (one process per namespace and phase) and iptables-restore files, run in order by network-up.sh.
    # Order matters: a veth pair is created from one side before the other side configures its end, and
    # routes come last, when every link is up.
    $batches = [ordered]@{}
    foreach ($batch in @('netns', "$($ns.Client) links", "$($ns['Proxy']) links", "$($ns['Firewall']) links", "$($ns.Azure) links", "$($ns.Azure) routes", "$($ns.Client) routes", "$($ns['Proxy']) routes", "$($ns['Firewall']) routes")) {
        $batches[$batch] = [System.Collections.Generic.List[string]]::new()
    }
    $rules = [ordered]@{}
    $rules6 = [System.Collections.Generic.List[string]]::new()
    $add = { param([string] $Batch, [string] $Line) $batches[$Batch].Add($Line) }
    $rule = {
        param([string] $Namespace, [string] $Line)
        if (-not $rules.Contains($Namespace)) { $rules[$Namespace] = [System.Collections.Generic.List[string]]::new() }
        $rules[$Namespace].Add($Line)
    }

    foreach ($name in $ns.Values) { & $add 'netns' "netns add $name" }

    # The "Azure" namespace holds every server address on its loopback.
    $serverAddresses = @($Plan.Rest.PublicAddress, $Plan.Arm.Address, $Plan.DnsServers.Public, $Plan.DnsServers.Private) +
        @($Plan.Data | ForEach-Object { $_.PublicAddress }) + @($Plan.Regional | ForEach-Object { $_.PublicAddress }) + @($Plan.Storage | Where-Object { $_ } | ForEach-Object { $_.PublicAddress }) +
        @(Get-LabRegistryEndpoint -Plan $Plan | ForEach-Object { $_['PrivateAddress'] } | Where-Object { $_ }) +
        @(if ($Plan.Scenario.ClientNetwork) { $script:InstanceMetadataAddress })
    & $add "$($ns.Azure) links" 'link set lo up'
    foreach ($address in $serverAddresses) { & $add "$($ns.Azure) links" "addr add $address/32 dev lo" }
    foreach ($address in @(Get-LabRegistryEndpoint -Plan $Plan | ForEach-Object { $_['PublicAddress6'] } | Where-Object { $_ })) {
        & $add "$($ns.Azure) links" "addr add $address/128 dev lo"
    }

    $labRanges = @('192.0.2.0/24', '198.51.100.0/24')
    if ($Plan.Proxy) {
        # client -- LAN -- proxy host -- Azure. The client reaches only the proxy and, through the proxy
        # host's forwarding, the public DNS server.
        & $add "$($ns.Client) links" 'link set lo up'
        & $add "$($ns.Client) links" "link add lan0 type veth peer name client0 netns $($ns.Proxy)"
        & $add "$($ns.Client) links" "addr add $($Plan.Client.Address)/24 dev lan0"
        & $add "$($ns.Client) links" 'link set lan0 up'
        & $add "$($ns.Proxy) links" 'link set lo up'
        & $add "$($ns.Proxy) links" "link add wan0 type veth peer name proxy0 netns $($ns.Azure)"
        & $add "$($ns.Proxy) links" "addr add $($Plan.Proxy.Address)/24 dev client0"
        & $add "$($ns.Proxy) links" "addr add $($Plan.Proxy.EgressAddress)/24 dev wan0"
        & $add "$($ns.Proxy) links" 'link set client0 up'
        & $add "$($ns.Proxy) links" 'link set wan0 up'
        & $add "$($ns.Azure) links" 'addr add 203.0.113.1/24 dev proxy0'
        & $add "$($ns.Azure) links" 'link set proxy0 up'
        & $add "$($ns.Azure) routes" "route add 10.20.0.0/24 via $($Plan.Proxy.EgressAddress)"
        & $add "$($ns.Client) routes" "route add $($Plan.DnsServers.Public)/32 via $($Plan.Proxy.Address)"
        foreach ($range in $labRanges + '10.1.0.0/24') { & $add "$($ns.Proxy) routes" "route add $range via 203.0.113.1" }
        & $rule $ns.Proxy ':FORWARD DROP [0:0]'
        & $rule $ns.Proxy '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'
        foreach ($protocol in 'udp', 'tcp') {
            & $rule $ns.Proxy "-A FORWARD -s 10.20.0.0/24 -d $($Plan.DnsServers.Public)/32 -p $protocol -m $protocol --dport 53 -j ACCEPT"
        }
    }
    else {
        # client -- Azure directly: a public egress address for public endpoints, a VNet address for private ones.
        # With an Azure Firewall on the client's route, the client's gateway is the firewall's namespace, which
        # forwards to Azure over its own link (10.0.1.0/24) and drops what the firewall's rules deny.
        $gateway = if ($ns['Firewall']) { $ns.Firewall } else { $ns.Azure }
        & $add "$($ns.Client) links" 'link set lo up'
        & $add "$($ns.Client) links" "link add lab0 type veth peer name client0 netns $gateway"
        & $add "$($ns.Client) links" 'addr add 203.0.113.10/24 dev lab0'
        & $add "$($ns.Client) links" 'addr add 10.0.0.10/24 dev lab0'
        & $add "$($ns.Client) links" 'link set lab0 up'
        & $add "$gateway links" 'addr add 203.0.113.1/24 dev client0'
        & $add "$gateway links" 'addr add 10.0.0.1/24 dev client0'
        & $add "$gateway links" 'link set client0 up'
        if ($ns['Firewall']) {
            & $add "$($ns.Firewall) links" 'link set lo up'
            & $add "$($ns.Firewall) links" "link add wan0 type veth peer name firewall0 netns $($ns.Azure)"
            & $add "$($ns.Firewall) links" 'addr add 10.0.1.2/24 dev wan0'
            & $add "$($ns.Firewall) links" 'link set wan0 up'
            & $add "$($ns.Azure) links" 'addr add 10.0.1.1/24 dev firewall0'
            & $add "$($ns.Azure) links" 'link set firewall0 up'
            foreach ($range in $labRanges + @('10.1.0.0/24', "$($script:InstanceMetadataAddress)/32")) { & $add "$($ns.Firewall) routes" "route add $range via 10.0.1.1" }
            foreach ($range in '203.0.113.0/24', '10.0.0.0/24') { & $add "$($ns.Azure) routes" "route add $range via 10.0.1.2" }
            foreach ($line in Get-LabAzureFirewallRule -Plan $Plan) { & $rule $ns.Firewall $line }
        }
        foreach ($range in $labRanges) { & $add "$($ns.Client) routes" "route add $range via 203.0.113.1 src 203.0.113.10" }
        & $add "$($ns.Client) routes" 'route add 10.1.0.0/24 via 10.0.0.1 src 10.0.0.10'
        if ($Plan.Ipv6) {
            # nodad: the addresses are usable at once, not after duplicate address detection.
            & $add "$($ns.Client) links" "addr add $($Plan.Ipv6.Client)/64 dev lab0 nodad"
            & $add "$($ns.Azure) links" "addr add $($Plan.Ipv6.Gateway)/64 dev client0 nodad"
            & $add "$($ns.Client) routes" "route add $($Plan.Ipv6.Servers) via $($Plan.Ipv6.Gateway)"
        }
        foreach ($firewall in @($Plan.Scenario.Network.ClientFirewall)) {
            $targets = switch ($firewall.Target) {
                'Rest' { @($Plan.Rest.PublicAddress, $Plan.Rest.PrivateAddress) }
                'Data' { @($Plan.Data | Where-Object { -not $firewall['Region'] -or $_.Region -eq $firewall['Region'] } | ForEach-Object { $_.PublicAddress, $_.PrivateAddress }) }
                'Storage' { @($Plan.Storage | Where-Object { $_ } | ForEach-Object { $_.PublicAddress }) }
                'Arm' { @($Plan.Arm.Address) }
                'Regional' { @($Plan.Regional | ForEach-Object { $_.PublicAddress }) }
                'Ipv6' { @() }
            }
            $jump = if ($firewall.Action -eq 'Drop') { 'DROP' } else { 'REJECT --reject-with tcp-reset' }
            foreach ($address in $targets | Where-Object { $_ }) { & $rule $ns.Client "-A OUTPUT -d $address/32 -p tcp -m tcp --dport 443 -j $jump" }
            if ($firewall.Target -eq 'Ipv6') {
                $jump6 = if ($firewall.Action -eq 'Drop') { 'DROP' } else { 'REJECT --reject-with tcp-reset' }
                $rules6.Add("-A OUTPUT -d $($Plan.Ipv6.Servers) -p tcp -m tcp --dport 443 -j $jump6")
            }
        }
        if ($Plan.Scenario.ClientNetwork) {
            & $add "$($ns.Client) routes" "route add $($script:InstanceMetadataAddress)/32 via 10.0.0.1 src 10.0.0.10"
            foreach ($line in Get-LabClientNsgFirewallRule -Plan $Plan) { & $rule $ns.Client $line }
        }
    }

    # A private endpoint that is not approved, or whose path is broken, swallows traffic like an NSG drop.
    $privateEndpoint = $Plan.PrivateEndpoint
    if ($privateEndpoint -and ($privateEndpoint.ConnectionStatus -ne 'Approved' -or $Plan.Scenario.Network.PrivateEndpointTraffic -eq 'Dropped')) {
        foreach ($endpoint in Get-LabRegistryEndpoint -Plan $Plan | Where-Object { $_['PrivateAddress'] }) {
            & $rule $ns.Azure "-A INPUT -d $($endpoint.PrivateAddress)/32 -j DROP"
        }
    }

    $script = [System.Collections.Generic.List[string]]::new()
    $script.Add('set -euo pipefail')
    $script.Add("cd '$directory'")
    foreach ($batch in $batches.Keys | Where-Object { $batches[$_].Count -gt 0 }) {
        $file = "$($batch -replace ' ', '.').batch"
        Write-LabFile -Path (Join-Path $directory $file) -Content (($batches[$batch] -join "`n") + "`n")
        $namespace = ($batch -split ' ')[0]
        $script.Add($(if ($batch -eq 'netns') { "ip -batch $file" } else { "ip -n $namespace -batch $file" }))
    }
    foreach ($namespace in $rules.Keys) {
        $file = "$namespace.iptables"
        Write-LabFile -Path (Join-Path $directory $file) -Content (((@('*filter') + $rules[$namespace] + 'COMMIT') -join "`n") + "`n")
        $script.Add("ip netns exec $namespace iptables-restore --noflush $file")
    }
    if ($rules6.Count -gt 0) {
        Write-LabFile -Path (Join-Path $directory "$($ns.Client).ip6tables") -Content (((@('*filter') + $rules6 + 'COMMIT') -join "`n") + "`n")
        $script.Add("ip netns exec $($ns.Client) ip6tables-restore --noflush $($ns.Client).ip6tables")
    }
    if ($Plan.Proxy) { $script.Add("ip netns exec $($ns.Proxy) sysctl -qw net.ipv4.ip_forward=1") }
    if ($ns['Firewall']) { $script.Add("ip netns exec $($ns.Firewall) sysctl -qw net.ipv4.ip_forward=1") }
    if ($Plan.LatencyMs) {
        $device = if ($Plan.Proxy) { 'lan0' } else { 'lab0' }
        $script.Add("tc -n $($ns.Client) qdisc add dev $device root netem delay $($Plan.LatencyMs)ms || { echo 'tc netem is not available: this kernel lacks the sch_netem queueing discipline, so -LatencyMs cannot be applied' >&2; exit 1; }")
    }
    # ip netns exec bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf for the client.
    $script.Add("mkdir -p /etc/netns/$($ns.Client)")
    $script.Add("printf 'nameserver %s\noptions timeout:1 attempts:2\n' $($Plan.ClientDnsServer) > /etc/netns/$($ns.Client)/resolv.conf")

    $path = Join-Path $directory 'network-up.sh'
    Write-LabFile -Path $path -Content (($script -join "`n") + "`n")
    $null = Invoke-LabScript -Path $path -Purpose 'build the lab network'
}

function Test-AcrLabLatencySupport {
    <#
    .SYNOPSIS
    Tells whether this kernel can add latency with tc netem (Start-AcrLab -LatencyMs needs it).
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()
    $namespace = "$($script:NamespacePrefix)netem-$(New-LabSecret -Length 8)"
    $null = Invoke-LabNative -FilePath ip -ArgumentList 'netns', 'add', $namespace
    try {
        $null = & tc -n $namespace qdisc add dev lo root netem delay 1ms 2>&1
        $LASTEXITCODE -eq 0
    }
    finally {
        $null = Invoke-LabNative -FilePath ip -ArgumentList 'netns', 'del', $namespace -AllowFailure
    }
}
