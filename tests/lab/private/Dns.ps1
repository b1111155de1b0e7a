# Two dnsmasq servers in the Azure namespace, answering the way Azure DNS does:
#   public view  (198.51.100.53): <reg>.azurecr.test [-> <reg>.privatelink.azurecr.test when the registry has
#                 a private endpoint] -> <x>.<region>.azcr.test -> ...trafficmanager.test -> ...cloudapp.test -> A public
#   private view (10.1.0.53, the VNet's resolver with the privatelink zone linked): the privatelink names
#                 answer with the private endpoint's addresses instead.
# Both are authoritative for everything (local=/#/): any other name gets NXDOMAIN and nothing is forwarded.

function Get-LabDnsRecord {
    # The records of one view, as dnsmasq cname= and host-record= lines. -RegistryAlias: more login servers
    # answered as the registry's own (the Fleet fault's registries, which share its front door).
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)][ValidateSet('Public', 'Private')][string] $View, [string[]] $RegistryAlias = @())
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("host-record=$($Plan.Arm.Fqdn),$($Plan.Arm.Address)")
    if (-not $Plan.Scenario.Config.Exists) { return $lines }

    $hasPrivateLink = [bool]$Plan.PrivateEndpoint
    $index = 1
    foreach ($endpoint in @($Plan.Rest) + @($Plan.Data) + @($Plan.Regional)) {
        $region = $endpoint.Region
        $kind = switch ($endpoint.Role) { 'Rest' { 'reg' } 'Regional' { 'geo' } default { 'dp' } }
        $edge = "$kind$index.$region.azcr.test"
        $trafficManager = "$region-acr-$kind.trafficmanager.test"
        $origin = "r$('{0:d4}' -f (100 + $index))-$region.cloudapp.test"
        $publicChain = @($edge, $trafficManager, $origin)
        $index++

        $first = $endpoint.Fqdn
        if ($hasPrivateLink -and $endpoint['PrivateLinkFqdn']) {
            $lines.Add("cname=$first,$($endpoint.PrivateLinkFqdn)")
            $first = $endpoint.PrivateLinkFqdn
            if ($View -eq 'Private') {
                $lines.Add("host-record=$first,$($endpoint.PrivateAddress)")
                continue
            }
        }
        $lines.Add("cname=$first,$($publicChain[0])")
        for ($i = 1; $i -lt $publicChain.Count; $i++) { $lines.Add("cname=$($publicChain[$i - 1]),$($publicChain[$i])") }
        $lines.Add("host-record=$($publicChain[-1]),$((@($endpoint.PublicAddress, $endpoint['PublicAddress6']) | Where-Object { $_ }) -join ',')")
    }
    foreach ($alias in $RegistryAlias) { $lines.Add("cname=$alias,$(@($Plan.Rest)[0].Fqdn)") }
    if ($Plan.Storage) {
        $storageHost = "blob.$($Plan.Storage.Region)prdstr01a.store.$($script:LabCloud.StorageEndpointSuffix)"
        $lines.Add("cname=$($Plan.Storage.Fqdn),$storageHost")
        $lines.Add("host-record=$storageHost,$($Plan.Storage.PublicAddress)")
    }
    $lines
}

function Start-LabDns {
    param([Parameter(Mandatory)] $Plan, [string[]] $RegistryAlias = @())
    $directory = Join-Path $Plan.WorkDir 'dns'
    foreach ($view in 'Public', 'Private') {
        $name = $view.ToLowerInvariant()
        $address = $Plan.DnsServers[$view]
        $log = Join-Path $directory "$name.log"
        $config = @(
            '# dnsmasq for the lab''s ' + $name + ' DNS view'
            'no-resolv'
            'no-hosts'
            'bind-interfaces'
            "listen-address=$address"
            'local=/#/'
            'local-ttl=10'
            'log-queries'
            "log-facility=$log"
            "pid-file=$(Join-Path $directory "$name.pid")"
        ) + @(Get-LabDnsRecord -Plan $Plan -View $view -RegistryAlias $RegistryAlias)
        $path = Join-Path $directory "$name.conf"
        Write-LabFile -Path $path -Content (($config -join "`n") + "`n")
        Start-LabDaemon -Plan $Plan -Name "dnsmasq ($name view)" -Namespace $Plan.Namespaces.Azure -LogPath $log `
            -FilePath dnsmasq -ArgumentList "--conf-file=$path" -Udp "${address}:53"
    }
}
