# squid in the proxy namespace, on the client's LAN side (10.20.0.1:3128), resolving through the lab's
# public DNS and connecting out from its own egress address:
#   Allow        CONNECT to 443 for the LAN
#   Deny         CONNECT to the registry and storage hosts refused with 403 (ARM allowed)
#   AuthRequired basic authentication required for everything (407 without it)
#   Down         no squid at all: connections to 10.20.0.1:3128 are refused

function Start-LabProxy {
    param([Parameter(Mandatory)] $Plan)
    $proxy = $Plan.Proxy
    if (-not $proxy -or $proxy.Mode -eq 'Down') { return }
    $directory = Join-Path $Plan.WorkDir 'squid'
    $null = New-Item -ItemType Directory -Path $directory -Force
    $access = switch ($proxy.Mode) {
        'Allow' {
            'http_access allow lab_lan CONNECT SSL_ports'
        }
        'Deny' {
            "acl registry_hosts dstdomain .$($script:LabCloud.ContainerRegistryEndpointSuffix) .blob.$($script:LabCloud.StorageEndpointSuffix)"
            'http_access deny CONNECT registry_hosts'
            'http_access allow lab_lan CONNECT SSL_ports'
        }
        'AuthRequired' {
            $passwords = Join-Path $directory 'passwords'
            $hash = Invoke-LabNative -FilePath openssl -ArgumentList 'passwd', '-apr1', $proxy.Password
            Write-LabFile -Path $passwords -Content "$($proxy.UserName):$hash`n"
            "auth_param basic program $($script:SquidBasicAuthHelper) $passwords"
            'auth_param basic realm AcrLab corporate proxy'
            'auth_param basic children 2'
            'acl authenticated proxy_auth REQUIRED'
            'http_access allow lab_lan authenticated CONNECT SSL_ports'
        }
    }
    $log = Join-Path $directory 'cache.log'
    $config = @(
        "# squid for lab $($Plan.Id) ($($Plan.Scenario.Name)): $($proxy.Mode)"
        "http_port $($proxy.Address):$($proxy.Port)"
        'visible_hostname proxy.acrlab.test'
        "pid_filename $(Join-Path $directory 'squid.pid')"
        "cache_log $log"
        "access_log stdio:$(Join-Path $directory 'access.log')"
        "coredump_dir $directory"
        "dns_nameservers $($Plan.DnsServers.Public)"
        'hosts_file none'
        "tcp_outgoing_address $($proxy.EgressAddress)"
        'cache deny all'
        'cache_mem 8 MB'
        'icp_port 0'
        'htcp_port 0'
        'pinger_enable off'
        'shutdown_lifetime 0 seconds'
        'acl lab_lan src 10.20.0.0/24'
        'acl SSL_ports port 443'
        'acl CONNECT method CONNECT'
    ) + @($access) + 'http_access deny all'
    $path = Join-Path $directory 'squid.conf'
    Write-LabFile -Path $path -Content (($config -join "`n") + "`n")
    # squid drops to its own user, which must write its logs and pid file.
    $null = Invoke-LabNative -FilePath chown -ArgumentList '-R', 'proxy:proxy', $directory
    Start-LabDaemon -Plan $Plan -Name 'squid' -Namespace $Plan.Namespaces.Proxy -FilePath squid -ArgumentList '-f', $path `
        -LogPath $log -Tcp "$($proxy.Address):$($proxy.Port)"
}
