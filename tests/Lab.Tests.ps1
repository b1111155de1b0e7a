#Requires -Version 7.4
# The lab itself, not the module: every scenario comes up with real servers, answers its client the way the
# scenario catalogue says (seen with curl, dig and openssl from the client namespace), stays sealed inside
# its namespaces, and leaves nothing behind. Needs root.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $scenarios = @(Get-AcrLabScenario | ForEach-Object { @{ Name = $_.Name } })
    $latencySupported = Test-AcrLabLatencySupport
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    . (Join-Path $PSScriptRoot 'lab/LabProbe.ps1')
    Install-AcrLabPrerequisite

    function Get-RootNetworkState {
        # What the machine's own namespace looks like, to prove a lab changes nothing there.
        [pscustomobject]@{
            Links    = (& ip -br link) -join "`n"
            Address  = (& ip -br addr) -join "`n"
            Routes   = (& ip route) -join "`n"
            Iptables = (& iptables-save | Where-Object { $_ -notmatch '^#' }) -join "`n"
        }
    }

    function Assert-LabGone {
        param([Parameter(Mandatory)] $Lab, [int[]] $ProcessIds = @())
        $namespaces = @(& ip netns list | ForEach-Object { (-split $_)[0] })
        $namespaces | Where-Object { $_ -like "*$($Lab.Id)*" } | Should -BeNullOrEmpty -Because 'every namespace of the lab is deleted'
        foreach ($namespace in $Lab.Namespaces.Values) { "/etc/netns/$namespace" | Should -Not -Exist }
        $Lab.WorkDir | Should -Not -Exist
        $module = Get-Module AcrLab
        $running = @($ProcessIds | Where-Object { & $module { param($id) Test-LabProcessAlive -ProcessId $id } $_ })
        $running | Should -BeNullOrEmpty -Because 'every server process of the lab has ended'
    }

    # The codes the lab accepts come from the project's findings.md.
    $script:FindingCodes = & (Get-Module AcrLab) { $script:FindingCodes }
}

Describe 'Scenario catalogue' {
    It 'has the scenarios the issue asks for' {
        $names = (Get-AcrLabScenario).Name
        foreach ($required in 'healthy', 'healthy-private-endpoint', 'name-not-found', 'client-firewall-drops-443',
            'public-blocked-by-ip-rule', 'public-access-disabled', 'private-endpoint-dns-resolves-public',
            'private-endpoint-ip-unreachable', 'private-endpoint-pending', 'data-endpoints-blocked', 'tls-interception',
            'proxy-ok', 'proxy-denies', 'proxy-down', 'proxy-auth-required', 'trusted-services-disabled', 'rules-on-basic-sku',
            'aks-healthy', 'aks-kubelet-cannot-pull', 'aks-node-route-through-firewall', 'regional-endpoint-blocked',
            'dual-stack-ipv6-dropped', 'tasks-blocked-by-network-rules') {
            $names | Should -Contain $required
        }
    }

    It 'names only finding codes from findings.md, and a primary finding exactly when the verdict is not Healthy' {
        foreach ($scenario in Get-AcrLabScenario) {
            foreach ($mode in 'WithConfig', 'WithoutConfig') {
                $expected = $scenario.Expected[$mode]
                $expected.Verdict | Should -BeIn @('Healthy', 'Degraded', 'Blocked', 'Inconclusive')
                foreach ($code in @($expected.PrimaryFinding) + @($expected['AlsoFindings']) | Where-Object { $_ }) {
                    $code | Should -BeIn $script:FindingCodes -Because "$($scenario.Name) $mode"
                }
                ($expected.Verdict -eq 'Healthy') | Should -Be ($null -eq $expected.PrimaryFinding) -Because "$($scenario.Name) $mode"
            }
        }
    }

    It 'refuses an unknown scenario with the list of known ones' {
        { Get-AcrLabScenario -Name 'no-such-scenario' } | Should -Throw '*Known scenarios:*healthy*'
    }

    It 'expects a probe to fail only at a stage the built module names (its PullStage)' {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
        $result = Invoke-ChildPwsh -Script "Import-Module '$(Get-BuiltModulePath)'; [AcrNetwork.PullStage].GetEnumNames() -join ','"
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $stages = $result.StdOut.Trim() -split ','
        foreach ($stage in & (Get-Module AcrLab) { $script:ScenarioVocabulary.FailedStage } | Where-Object { $_ }) {
            $stage | Should -BeIn $stages
        }
    }
}

Describe 'Scenario <Name>' -ForEach $scenarios {
    BeforeAll {
        $rootBefore = Get-RootNetworkState
        $lab = Start-AcrLab -Scenario $Name
        $scenario = $lab.Scenario
        $serverProcesses = @(foreach ($namespace in $lab.Namespaces.Values) { & ip netns pids $namespace | ForEach-Object { [int]$_ } })
    }
    AfterAll {
        if ($lab) { Stop-AcrLab -Id $lab.Id }
    }

    It 'runs real dnsmasq, nginx, docker-registry and, when the scenario has one, squid' {
        $commands = @($serverProcesses | ForEach-Object { (Get-Content -LiteralPath "/proc/$_/comm").Trim() })
        @($commands | Where-Object { $_ -eq 'dnsmasq' }).Count | Should -Be 2 -Because 'a public and a private DNS view run'
        $commands | Should -Contain 'nginx'
        $commands | Should -Contain 'docker-registry'
        if ($scenario.Network.Proxy -in 'Allow', 'Deny', 'AuthRequired') { $commands | Should -Contain 'squid' }
        else { $commands | Should -Not -Contain 'squid' }
    }

    It 'resolves each endpoint through the client''s resolver as the catalogue says' {
        foreach ($target in Get-LabProbeTarget -Lab $lab | Where-Object { $_.Expected.ContainsKey('Dns') }) {
            $answer = Resolve-LabName -Lab $lab -Name $target.Fqdn
            $answer.View | Should -Be $target.Expected.Dns -Because "$($target.Fqdn) ($($target.Entry)) resolves $($target.Expected.Dns)"
            if ($answer.View -in 'Public', 'Private') {
                $answer.Addresses | Should -Be @($lab.Addresses[$target.Fqdn][$answer.View])
            }
        }
    }

    It 'answers each endpoint as the catalogue''s probe says' {
        foreach ($target in Get-LabProbeTarget -Lab $lab) {
            $measured = Measure-LabRequest -Lab $lab -Url $target.Url -SuccessStatus $target.SuccessStatus -Header $target.Header
            foreach ($key in $target.Expected.Keys | Where-Object { $_ -ne 'Dns' }) {
                $measured.$key | Should -Be $target.Expected[$key] -Because "$($target.Entry) $key (curl: $($measured.Message))"
            }
        }
    }

    It 'keeps the client inside the lab: no default route, and an address outside the lab is unreachable' {
        foreach ($namespace in $lab.Namespaces.Values) {
            & ip -n $namespace route show default | Should -BeNullOrEmpty -Because "$namespace has no way out"
        }
        # 198.18.0.1 (benchmarking range) is routed nowhere in the lab: the kernel refuses before any packet leaves.
        $run = Invoke-AcrLabCommand -Lab $lab -FilePath curl -ArgumentList '-sS', '-v', '--noproxy', '*', '--max-time', '2', 'https://198.18.0.1/'
        $run.ExitCode | Should -Be 7
        $run.StdErr | Should -Match 'Network is unreachable'
    }

    It 'stops cleanly, leaving no namespace, process, /etc/netns entry, work dir or root-namespace change' {
        Stop-AcrLab -Id $lab.Id
        Assert-LabGone -Lab $lab -ProcessIds $serverProcesses
        $rootAfter = Get-RootNetworkState
        $rootAfter.Links | Should -Be $rootBefore.Links
        $rootAfter.Address | Should -Be $rootBefore.Address
        $rootAfter.Routes | Should -Be $rootBefore.Routes
        $rootAfter.Iptables | Should -Be $rootBefore.Iptables
        Stop-AcrLab -Id $lab.Id
    }
}

Describe 'The registry as ACR behaves' {
    Context 'healthy' {
        BeforeAll { $lab = Start-AcrLab -Scenario healthy }
        AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

        It 'challenges /v2/ with the real registry''s Bearer realm and service, and ACR''s wording' {
            $curl = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/v2/"
            $curl.Write.http_code | Should -Be 401
            $curl.Headers | Should -Match ([regex]::Escape("Www-Authenticate: Bearer realm=`"https://$($lab.LoginServer)/oauth2/token`",service=`"$($lab.LoginServer)`""))
            $curl.Headers | Should -Match 'Docker-Distribution-Api-Version: registry/2.0'
            $curl.Body | Should -BeExactly '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information."}]}'
        }

        It 'refuses a token exchange with a wrong ARM token' {
            $curl = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/oauth2/exchange" -Data 'grant_type=access_token', "service=$($lab.LoginServer)", 'access_token=not-the-token'
            $curl.Write.http_code | Should -Be 401
            ($curl.Body | ConvertFrom-Json).errors[0].code | Should -Be 'UNAUTHORIZED'
        }

        It 'serves ARM only with the lab bearer token and an api-version, in ARM''s error shapes' {
            $url = "$($lab.Environment.ResourceManagerUrl.TrimEnd('/'))$($lab.ResourceId)"
            $bearer = "Authorization: Bearer $($lab.ArmAccessToken)"
            $missing = Invoke-LabCurl -Lab $lab -Url "${url}?api-version=2025-04-01"
            $missing.Write.http_code | Should -Be 401
            ($missing.Body | ConvertFrom-Json).error.code | Should -Be 'AuthenticationFailed'
            $wrong = Invoke-LabCurl -Lab $lab -Url "${url}?api-version=2025-04-01" -Header 'Authorization: Bearer eyJ.wrong.token'
            ($wrong.Body | ConvertFrom-Json).error.code | Should -Be 'InvalidAuthenticationToken'
            $noVersion = Invoke-LabCurl -Lab $lab -Url $url -Header $bearer
            $noVersion.Write.http_code | Should -Be 400
            ($noVersion.Body | ConvertFrom-Json).error.code | Should -Be 'MissingApiVersionParameter'
            $unknown = Invoke-LabCurl -Lab $lab -Url "$($url)x?api-version=2025-04-01" -Header $bearer
            $unknown.Write.http_code | Should -Be 404
            ($unknown.Body | ConvertFrom-Json).error.message | Should -Match "Microsoft.ContainerRegistry/registries/$($lab.RegistryName)x' under resource group '$($lab.ResourceGroupName)'"
            $caseless = Invoke-LabCurl -Lab $lab -Url "$($url.ToLowerInvariant())?api-version=2025-04-01" -Header $bearer
            $caseless.Write.http_code | Should -Be 200 -Because 'ARM paths are case-insensitive'
        }

        It 'lists the subscription and the registry the way Get-AcrNetworkRule -Name can find it' {
            $base = $lab.Environment.ResourceManagerUrl.TrimEnd('/')
            $bearer = "Authorization: Bearer $($lab.ArmAccessToken)"
            $subscriptions = (Invoke-LabCurl -Lab $lab -Url "$base/subscriptions?api-version=2022-12-01" -Header $bearer).Body | ConvertFrom-Json
            $subscriptions.value.subscriptionId | Should -Be $lab.SubscriptionId
            $registries = (Invoke-LabCurl -Lab $lab -Url "$base/subscriptions/$($lab.SubscriptionId)/providers/Microsoft.ContainerRegistry/registries?api-version=2025-04-01" -Header $bearer).Body | ConvertFrom-Json
            $registries.value.id | Should -Be $lab.ResourceId
        }
    }

    Context 'public-blocked-by-ip-rule' {
        BeforeAll { $lab = Start-AcrLab -Scenario public-blocked-by-ip-rule }
        AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

        It 'answers 403 DENIED naming the client IP, quotes escaped as ACR sends them, on every path' {
            $expected = '{"errors":[{"code":"DENIED","message":"client with IP \u0027' + $lab.EgressAddress +
                '\u0027 is not allowed access. Refer https://aka.ms/acr/firewall to grant access. CorrelationId: '
            foreach ($path in '/v2/', '/oauth2/exchange', '/oauth2/token', "/v2/$($lab.Image.Repository)/manifests/$($lab.Image.Tag)") {
                $curl = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)$path"
                $curl.Write.http_code | Should -Be 403 -Because $path
                $curl.Body | Should -BeLikeExactly "$([WildcardPattern]::Escape($expected))*"
                $curl.Body | Should -Match 'CorrelationId: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\}\]\}$'
            }
        }
    }

    Context 'healthy-private-endpoint' {
        BeforeAll {
            $lab = Start-AcrLab -Scenario healthy-private-endpoint
            $base = $lab.Environment.ResourceManagerUrl.TrimEnd('/')
            $bearer = "Authorization: Bearer $($lab.ArmAccessToken)"
            function Get-Arm([string] $Path) { (Invoke-LabCurl -Lab $lab -Url "$base$($Path)?api-version=2025-04-01" -Header $bearer).Body | ConvertFrom-Json }
        }
        AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

        It 'keeps the privatelink CNAME in the public view and answers private addresses in the private view' {
            $private = Resolve-LabName -Lab $lab -Name $lab.LoginServer
            $private.CnameChain | Should -Be @("$($lab.RegistryName).privatelink.azurecr.test")
            $private.Addresses | Should -Be @($lab.Addresses[$lab.LoginServer].Private)
            $public = Invoke-AcrLabCommand -Lab $lab -FilePath dig -ArgumentList '+short', "@$($lab.DnsServers.Public)", $lab.LoginServer
            $chain = @($public.StdOut.Trim() -split "`n")
            $chain[0] | Should -Be "$($lab.RegistryName).privatelink.azurecr.test."
            $chain | Should -Contain 'westus-acr-reg.trafficmanager.test.'
            $chain[-1] | Should -Be $lab.Addresses[$lab.LoginServer].Public
        }

        It 'serves the private endpoint, its NIC, zone group, zone records and VNet link from ARM, agreeing with DNS' {
            $registry = Get-Arm $lab.ResourceId
            $registry.properties.publicNetworkAccess | Should -Be 'Disabled'
            $registry.properties.dataEndpointHostNames | Should -Be @($lab.Endpoints | Where-Object Role -EQ 'Data' | ForEach-Object Fqdn)
            $connection = $registry.properties.privateEndpointConnections[0]
            $connection.properties.privateLinkServiceConnectionState.status | Should -Be 'Approved'
            (Get-Arm "$($lab.ResourceId)/privateEndpointConnections").value[0].id | Should -Be $connection.id
            (Get-Arm "$($lab.ResourceId)/replications").value.name | Should -Be @('westus', 'eastus')
            $endpoint = Get-Arm $connection.properties.privateEndpoint.id
            $nic = Get-Arm $endpoint.properties.networkInterfaces[0].id
            foreach ($configuration in $nic.properties.ipConfigurations) {
                $fqdn = $configuration.properties.privateLinkConnectionProperties.fqdns[0]
                $configuration.properties.privateIPAddress | Should -Be $lab.Addresses[$fqdn].Private
                (Resolve-LabName -Lab $lab -Name $fqdn).Addresses | Should -Be @($configuration.properties.privateIPAddress)
            }
            $nic.properties.ipConfigurations.properties.privateLinkConnectionProperties.requiredMemberName |
                Should -Be @('registry', 'registry_data_westus', 'registry_data_eastus')
            $group = (Get-Arm "$($endpoint.id)/privateDnsZoneGroups").value[0]
            $zoneId = $group.properties.privateDnsZoneConfigs[0].properties.privateDnsZoneId
            $records = (Get-Arm "$zoneId/A").value
            $records.name | Should -Be @($lab.RegistryName, "$($lab.RegistryName).westus.data", "$($lab.RegistryName).eastus.data")
            $records[0].properties.aRecords[0].ipv4Address | Should -Be $lab.Addresses[$lab.LoginServer].Private
            (Get-Arm "$zoneId/virtualNetworkLinks").value[0].properties.virtualNetworkLinkState | Should -Be 'Completed'
        }
    }
}

Describe 'The pull path' -ForEach @(
    @{ Name = 'healthy'; Redirect = 'Storage' }
    @{ Name = 'healthy-private-endpoint'; Redirect = 'Data' }
    @{ Name = 'proxy-ok'; Redirect = 'Storage' }
) {
    BeforeAll { $lab = Start-AcrLab -Scenario $Name }
    AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

    It 'goes from the ARM token to a refresh token, an access token, the manifest, and a blob redirected to the <Redirect> host (<Name>)' {
        $login = $lab.LoginServer
        $exchange = Invoke-LabCurl -Lab $lab -Url "https://$login/oauth2/exchange" -Data 'grant_type=access_token', "service=$login", "tenant=$($lab.TenantId)", "access_token=$($lab.ArmAccessToken)"
        $exchange.Write.http_code | Should -Be 200
        $refresh = ($exchange.Body | ConvertFrom-Json).refresh_token
        $token = Invoke-LabCurl -Lab $lab -Url "https://$login/oauth2/token" -Data 'grant_type=refresh_token', "service=$login", "scope=repository:$($lab.Image.Repository):pull", "refresh_token=$refresh"
        $token.Write.http_code | Should -Be 200
        $access = ($token.Body | ConvertFrom-Json).access_token
        $access.Split('.').Count | Should -Be 3 -Because 'the access token is a JWT'

        $bearer = "Authorization: Bearer $access"
        $manifest = Invoke-LabCurl -Lab $lab -Url "https://$login/v2/$($lab.Image.Repository)/manifests/$($lab.Image.Tag)" -Header $bearer, 'Accept: application/vnd.docker.distribution.manifest.v2+json'
        $manifest.Write.http_code | Should -Be 200
        $manifest.Headers | Should -Match "Docker-Content-Digest: $($lab.Image.ManifestDigest)"
        ($manifest.Body | ConvertFrom-Json).layers[0].digest | Should -Be $lab.Image.LayerDigest

        $blob = Invoke-LabCurl -Lab $lab -Url "https://$login/v2/$($lab.Image.Repository)/blobs/$($lab.Image.LayerDigest)" -Header $bearer
        $blob.Write.http_code | Should -Be 307
        $location = [uri]$blob.Write.redirect_url
        $target = $lab.Endpoints | Where-Object { $_.Role -eq $Redirect -and $_.Region -eq 'westus' }
        $location.Host | Should -Be $target.Fqdn
        $location.Query | Should -Match 'sig='

        # Follow the redirect as a client does: no registry token, just the SAS URL; check the bytes.
        $download = Invoke-AcrLabCommand -Lab $lab -FilePath bash -ArgumentList '-c', 'curl -fsS --max-time 3 "$1" | sha256sum', 'bash', $location.AbsoluteUri
        $download.ExitCode | Should -Be 0 -Because $download.StdErr
        "sha256:$(($download.StdOut -split ' ')[0])" | Should -Be $lab.Image.LayerDigest
    }
}

Describe 'The corporate proxy' {
    Context 'proxy-denies' {
        BeforeAll { $lab = Start-AcrLab -Scenario proxy-denies }
        AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

        It 'is squid refusing CONNECT to the registry with its own 403 page' {
            $curl = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/v2/"
            $curl.ExitCode | Should -Be 56
            $curl.Headers | Should -Match '^HTTP/1.1 403 Forbidden'
            $curl.Headers | Should -Match 'Server: squid/'
            $curl.Headers | Should -Match 'X-Squid-Error: ERR_ACCESS_DENIED'
        }
    }

    Context 'proxy-auth-required' {
        BeforeAll { $lab = Start-AcrLab -Scenario proxy-auth-required }
        AfterAll { if ($lab) { Stop-AcrLab -Lab $lab } }

        It 'asks for basic credentials with 407, and lets the lab''s credentials through' {
            $without = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/v2/"
            $without.Write.http_connect | Should -Be 407
            $without.Headers | Should -Match 'Proxy-Authenticate: Basic realm="AcrLab corporate proxy"'
            $with = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/v2/" -Extra '--proxy-user', "$($lab.Proxy.UserName):$($lab.Proxy.Password)"
            $with.Write.http_connect | Should -Be 200
            $with.Write.http_code | Should -Be 401
        }
    }
}

Describe 'Running labs side by side' {
    It 'keeps two labs of the same scenario apart and tears each down alone' {
        $first = Start-AcrLab -Scenario healthy
        try {
            $second = Start-AcrLab -Scenario healthy
            try {
                $first.Id | Should -Not -Be $second.Id
                $first.ClientNamespace | Should -Not -Be $second.ClientNamespace
                foreach ($lab in $first, $second) {
                    (Measure-LabRequest -Lab $lab -Url "https://$($lab.LoginServer)/v2/" -SuccessStatus 401).HttpStatus | Should -Be 401
                }
                (Get-AcrLab).Id | Should -Contain $second.Id
                Stop-AcrLab -Lab $first
                (Measure-LabRequest -Lab $second -Url "https://$($second.LoginServer)/v2/" -SuccessStatus 401).HttpStatus | Should -Be 401
            }
            finally { Stop-AcrLab -Lab $second }
        }
        finally { Stop-AcrLab -Lab $first }
        Assert-LabGone -Lab $first
        Assert-LabGone -Lab $second
    }
}

Describe 'Latency' {
    It 'adds the requested latency to the client''s link with tc netem' -Skip:(-not $latencySupported) {
        $lab = Start-AcrLab -Scenario healthy -LatencyMs 200
        try {
            $curl = Invoke-LabCurl -Lab $lab -Url "https://$($lab.LoginServer)/v2/"
            $curl.Write.time_connect | Should -BeGreaterOrEqual 0.2
        }
        finally { Stop-AcrLab -Lab $lab }
    }

    It 'fails to start with a clear error, leaving nothing behind, where the kernel has no netem' -Skip:$latencySupported {
        $failure = { Start-AcrLab -Scenario healthy -LatencyMs 200 } | Should -Throw '*sch_netem*' -PassThru
        $failure.Exception.Message -match '\(lab (?<id>[0-9a-f]{8})\)' | Should -BeTrue
        $id = $Matches.id
        @(& ip netns list) -match $id | Should -BeNullOrEmpty -Because 'the half-built lab was torn down'
        Get-ChildItem /etc/netns -ErrorAction Ignore | Where-Object Name -Match $id | Should -BeNullOrEmpty
        "/run/acrlab/$id" | Should -Not -Exist
    }
}
