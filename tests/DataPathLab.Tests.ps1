#Requires -Version 7.4
# Resolve-AcrPrivateDns and Test-AcrEndpoint as the client of every lab scenario: the built module runs in a
# fresh pwsh inside the client namespace, and what it measures is compared with the scenario catalogue and
# with dig's answers. Labs come up a few at a time; each is torn down as soon as its client has run. Needs root.
# Its checks expect one address per name, so dual-stack scenarios are left to InvokeAcrTroubleshooter.Lab.Tests.ps1,
# which judges each address family's tests through the diagnosis.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    # Interruptible: the REST endpoint drops packets, so a test is still waiting when it is stopped.
    $scenarios = @(Get-AcrLabScenario | Where-Object { -not $_.Config['DualStack'] } | ForEach-Object {
            @{
                Name = $_.Name; Interruptible = $_.Probe.Rest['TcpStatus'] -eq 'Timeout'; Proxy = $_.Network.Proxy; RestDns = $_.Probe.Rest.Dns
                HasPrivateEndpoint = @($_.Config.PrivateEndpoints).Count -gt 0
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    # What the module is asked in every lab, as the lab's client. Streams other than output are captured
    # (with verbose and debug on) so the test can prove no token or signature reaches them.
    $clientScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
$streams = [System.Collections.Generic.List[string]]::new()
function Invoke-Captured([scriptblock] $Command) {
    & $Command *>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.InformationalRecord] -or $_ -is [System.Management.Automation.ErrorRecord]) { $streams.Add("$_") } else { $_ }
    }
}
$common = @{ Environment = $in.Environment; TimeoutSec = 2 }
$config = $in.ConfigJson | Get-AcrNetworkRule -Environment $in.Environment
# The storage host is named explicitly too: without ARM or a working pull, nothing else would name it.
$inputs = @($config) + @($in.Storage | Where-Object { $_ } | ForEach-Object {
        [AcrNetwork.RequiredEndpoint]@{ Registry = $_.Registry; Host = $_.Fqdn; Purpose = 'Storage'; Region = $_.Region }
    })
$tests = @(Invoke-Captured { $inputs | Test-AcrEndpoint @common -AccessToken $in.Token -Repository $in.Repository })
$result = [ordered]@{
    Resolutions = @(Invoke-Captured { $inputs | Resolve-AcrPrivateDns @common -DnsServer $in.DnsServers })
    Tests       = $tests
    Discovered  = @(Invoke-Captured { Test-AcrEndpoint -LoginServer $in.LoginServer @common -AccessToken $in.Token -Repository $in.Repository })
    Piped       = @(Invoke-Captured { $config | Resolve-AcrPrivateDns @common -DnsServer $in.DnsServers | Test-AcrEndpoint -TimeoutSec 2 })
    Table       = $tests | Out-String -Width 250
    WideTable   = $tests | Format-Table -View Wide | Out-String -Width 400
    Stop        = $null
}
if ($in.ReadArm) {
    # The configuration as Get-AcrNetworkRule reads it from the lab's ARM: endpoint NIC addresses and zone records.
    $fromArm = Get-AcrNetworkRule -ResourceId $in.ResourceId -AccessToken $in.Token -Environment $in.Environment
    $result.ArmResolutions = @(Invoke-Captured { $fromArm | Resolve-AcrPrivateDns @common -DnsServer $in.DnsServers })
}
if ($in.ServerWithoutDns) {
    # A resolver address where nothing answers DNS (an unconnected UDP socket hears no ICMP error).
    $result.DeadResolver = @(Invoke-Captured { Resolve-AcrPrivateDns -LoginServer $in.LoginServer -Environment $in.Environment -TimeoutSec 1 -DnsServer $in.ServerWithoutDns })
}
if ($in.Proxy) {
    # The client's proxy given another way: with https:// (squid speaks plain HTTP), with the lab's
    # credentials in the URL, and bypassed (the client has no route but through the proxy).
    $authority = ([uri]$in.Proxy.Uri).Authority
    $result.ProxyHttps = @(Invoke-Captured { Test-AcrEndpoint -LoginServer $in.LoginServer @common -Proxy "https://$authority" })
    $result.NoProxy = @(Invoke-Captured { Test-AcrEndpoint -LoginServer $in.LoginServer @common -NoProxy })
    if ($in.Proxy.UserName) {
        $credentials = "$([uri]::EscapeDataString($in.Proxy.UserName)):$([uri]::EscapeDataString($in.Proxy.Password))"
        $result.ProxyCredentials = @(Invoke-Captured { Test-AcrEndpoint -LoginServer $in.LoginServer @common -Proxy "http://$credentials@$authority" })
    }
}
if ($in.MeasureStop) {
    # Ctrl+C reaches a cmdlet as Stop on its pipeline; the probes wait on a 30 s deadline meanwhile.
    $shell = [powershell]::Create()
    $null = $shell.AddScript('param($module, $login, $environment) Import-Module $module; Test-AcrEndpoint -LoginServer $login -Environment $environment -TimeoutSec 30').
        AddArgument($in.ModulePath).AddArgument($in.LoginServer).AddArgument($in.Environment)
    $handle = $shell.BeginInvoke()
    Start-Sleep -Milliseconds 1500
    $running = -not $handle.IsCompleted
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $shell.Stop()
    $result.Stop = @{ WasRunning = $running; StopMs = $watch.Elapsed.TotalMilliseconds }
    $shell.Dispose()
}
$result.Streams = @($streams)
'<<RESULT>>' + (ConvertTo-Json -InputObject $result -Depth 6 -EnumsAsStrings -Compress)
'@

    $scenarioNames = @(Get-AcrLabScenario | Where-Object { -not $_.Config['DualStack'] } | ForEach-Object Name)
    $script:Measured = Invoke-AcrLabScenario -Scenario $scenarioNames -ThrottleLimit 3 -Context @{ ClientScript = $clientScript; LabProbe = (Join-Path $PSScriptRoot 'lab/LabProbe.ps1') } -Measure {
        param($lab, $context)
        . $context.LabProbe
        $config = $lab.Scenario.Config
        $export = [ordered]@{
            Name                = $lab.RegistryName
            LoginServer         = $lab.LoginServer
            ResourceId          = $lab.ResourceId
            Location            = $config.Location
            Sku                 = $config.Sku
            PublicNetworkAccess = $config.PublicNetworkAccess
            DataEndpointEnabled = $config.DataEndpointEnabled
            DataEndpoints       = @($lab.Endpoints | Where-Object Role -EQ 'Data' | ForEach-Object { @{ Region = $_.Region; HostName = $_.Fqdn } })
            Replications        = @($config.Replications | ForEach-Object { @{ Name = $_; Region = $_ } })
            PrivateEndpoints    = @($config.PrivateEndpoints | ForEach-Object {
                    @{
                        Name             = $_.Name
                        ResourceId       = "/subscriptions/$($lab.SubscriptionId)/resourceGroups/$($lab.ResourceGroupName)/providers/Microsoft.Network/privateEndpoints/$($_.Name)"
                        ConnectionStatus = $_.ConnectionStatus
                        Addresses        = @($lab.Endpoints | Where-Object { $_.PrivateAddress } | ForEach-Object { @{ Fqdn = $_.Fqdn; IPAddress = $_.PrivateAddress } })
                    }
                })
        }
        $storage = $lab.Endpoints | Where-Object Role -EQ 'Storage' | ForEach-Object { @{ Registry = $lab.RegistryName; Fqdn = $_.Fqdn; Region = $_.Region } }
        # Behind a proxy the client reaches only the public DNS server (forwarded by the proxy host).
        $dnsServers = if ($lab.Proxy) { @($lab.DnsServers.Public) } else { @($lab.DnsServers.Public, $lab.DnsServers.Private) }
        $run = Invoke-AcrLabClient -Lab $lab -TimeoutSec 180 -Script $context.ClientScript -InputObject @{
            Token       = $lab.ArmAccessToken
            ConfigJson  = ConvertTo-Json -InputObject $export -Depth 6
            Storage     = $storage
            DnsServers  = $dnsServers
            MeasureStop = $lab.Scenario.Probe.Rest['TcpStatus'] -eq 'Timeout'
            Proxy       = $lab.Proxy
            ResourceId  = $lab.ResourceId
            ReadArm     = @($config.PrivateEndpoints).Count -gt 0
            # ARM's address: a lab host that serves HTTPS and no DNS.
            ServerWithoutDns = if (-not $lab.Proxy) { $lab.Addresses[([uri]$lab.Environment.ResourceManagerUrl).Host].Public }
        }
        $targets = @(Get-LabProbeTarget -Lab $lab | Where-Object Entry -NE 'Arm')
        $dig = @{}
        foreach ($fqdn in $targets.Fqdn | Sort-Object -Unique) { $dig[$fqdn] = Resolve-LabName -Lab $lab -Name $fqdn }
        [pscustomobject]@{
            Lab        = [pscustomobject]@{
                RegistryName  = $lab.RegistryName
                LoginServer   = $lab.LoginServer
                EgressAddress = $lab.EgressAddress
                ProxyUri      = $lab.Proxy.Uri
                ProxyPassword = $lab.Proxy.Password
                Token         = $lab.ArmAccessToken
                Addresses     = $lab.Addresses
                DnsServers    = $lab.DnsServers
                Endpoints     = $lab.Endpoints
            }
            Targets    = $targets
            Dig        = $dig
            Output     = $run.Output
            RawOutput  = $run.Raw
            ExitCode   = $run.ExitCode
        }
    }

    function Get-Role([string] $Entry) { if ($Entry -eq 'Rest') { 'Rest' } elseif ($Entry -eq 'Storage') { 'Storage' } else { 'Data' } }

    # Lists compare as text, so an empty list equals an empty list and order counts.
    function Join-List($Items) { @($Items | Where-Object { $null -ne $_ }) -join ', ' }
}

AfterAll {
    # Normally each lab is already down; this catches a run interrupted half-way.
    Stop-AcrLabSuite
}

Describe 'The data path in scenario <Name>' -ForEach $scenarios {
    BeforeAll {
        $measured = $script:Measured[$Name]
        $scenario = Get-AcrLabScenario -Name $Name
        $output = $measured.Output
        $lab = $measured.Lab
    }

    It 'ran the module as the lab client' {
        $measured.Error | Should -BeNullOrEmpty
        $output | Should -Not -BeNullOrEmpty -Because "the client printed its result ($($measured.RawOutput))"
        $measured.ExitCode | Should -Be 0
    }

    It 'resolves each name through the client''s resolver with the chain and addresses dig sees, classified private or public' {
        foreach ($target in $measured.Targets | Where-Object { $_.Expected.ContainsKey('Dns') }) {
            $answer = @($output.Resolutions | Where-Object { $_.Fqdn -eq $target.Fqdn -and $_.Resolver -eq 'System' })
            $answer.Count | Should -Be 1 -Because "$($target.Entry) is resolved once by the system resolver"
            $dig = $measured.Dig[$target.Fqdn]
            switch ($target.Expected.Dns) {
                'NameNotFound' {
                    $answer[0].Status | Should -Be 'NameNotFound' -Because $target.Entry
                    $answer[0].IsPrivate | Should -BeNullOrEmpty
                }
                default {
                    $answer[0].Status | Should -Be 'Resolved' -Because $target.Entry
                    $answer[0].IsPrivate | Should -Be ($target.Expected.Dns -eq 'Private') -Because "$($target.Entry) resolves $($target.Expected.Dns)"
                    Join-List $answer[0].Addresses | Should -Be $lab.Addresses[$target.Fqdn][$target.Expected.Dns] -Because $target.Entry
                }
            }
            Join-List $answer[0].CnameChain | Should -Be (Join-List $dig.CnameChain) -Because "$($target.Entry): dig sees the same chain"
            $answer[0].Role | Should -Be (Get-Role $target.Entry)
            $answer[0].ElapsedMs | Should -BeGreaterThan 0
        }
    }

    It 'compares each DNS server''s answer side by side with the private endpoint' {
        foreach ($target in $measured.Targets | Where-Object { $_.Expected.Dns -ne 'NameNotFound' -and $_.Entry -ne 'Storage' }) {
            $addresses = $lab.Addresses[$target.Fqdn]
            $public = $output.Resolutions | Where-Object { $_.Fqdn -eq $target.Fqdn -and $_.Resolver -eq $lab.DnsServers.Public }
            Join-List $public.Addresses | Should -Be $addresses.Public
            $public.IsPrivate | Should -BeFalse
            if ($addresses.Private) {
                $private = $output.Resolutions | Where-Object { $_.Fqdn -eq $target.Fqdn -and $_.Resolver -eq $lab.DnsServers.Private }
                Join-List $private.Addresses | Should -Be $addresses.Private
                $private.PrivateEndpointMatch | Should -Be 'Matches' -Because "$($target.Entry) through the VNet's resolver"
                $private.PrivateLinkMatch | Should -Be 'Matches'
                $public.PrivateEndpointMatch | Should -Be 'ResolvesPublic' -Because "$($target.Entry) through public DNS while a private endpoint exists"
                $public.PrivateLinkFqdn | Should -Be ($target.Fqdn -replace '\.azurecr\.test$', '.privatelink.azurecr.test')
                $public.ExpectedAddress | Should -Be $addresses.Private
                $system = $output.Resolutions | Where-Object { $_.Fqdn -eq $target.Fqdn -and $_.Resolver -eq 'System' }
                $system.PrivateEndpointMatch | Should -Be $(if ($target.Expected.Dns -eq 'Private') { 'Matches' } else { 'ResolvesPublic' })
            }
            else {
                $public.PrivateEndpointMatch | Should -BeNullOrEmpty -Because 'the registry has no private endpoint'
            }
        }
    }

    It 'measures each endpoint as the catalogue''s probe says: the stage that failed and why' {
        foreach ($target in $measured.Targets) {
            $results = @($output.Tests | Where-Object Fqdn -EQ $target.Fqdn)
            $results.Count | Should -Be 1 -Because "$($target.Entry) is tested once, at the address the client resolves"
            $result = $results[0]
            $result.Role | Should -Be (Get-Role $target.Entry)
            foreach ($key in $target.Expected.Keys | Where-Object { $_ -ne 'Dns' }) {
                # The catalogue's data and storage probes fetch the blob a pull is redirected to; when the
                # registry itself refuses, the module has no blob to fetch and asks the host for /v2/.
                if ($key -eq 'HttpStatus' -and $target.Entry -ne 'Rest' -and $result.HttpRequest -eq 'GET /v2/' -and $target.Expected.HttpStatus -eq 200) {
                    $result.FailedStage | Should -BeNullOrEmpty -Because "$($target.Entry) answers ($($result.HttpStatus) to /v2/)"
                    continue
                }
                $result.$key | Should -Be $target.Expected[$key] -Because "$($target.Entry) $key ($($result.Message))"
            }
            $result.Status | Should -Be $(if ($target.Expected.FailedStage) { 'Failed' } else { 'Passed' })
            $result.Message | Should -Not -BeNullOrEmpty
        }
    }

    It 'reports the proxy used for each endpoint, and connects to the resolved address without one' {
        foreach ($result in $output.Tests) {
            if ($lab.ProxyUri) {
                $result.Proxy | Should -Be $lab.ProxyUri
                $result.Address | Should -BeNullOrEmpty -Because 'the proxy resolves and connects'
            }
            elseif ($result.FailedStage -ne 'Dns') {
                $result.Proxy | Should -BeNullOrEmpty
                $result.Address | Should -Be (Join-List @($output.Resolutions | Where-Object { $_.Fqdn -eq $result.Fqdn -and $_.Resolver -eq 'System' })[0].Addresses)
            }
        }
    }

    It 'reads the client IP ACR saw from a 403 DENIED' {
        $denied = @($output.Tests | Where-Object AcrErrorCode -EQ 'DENIED')
        foreach ($result in $denied) { $result.ReportedClientIp | Should -Be $lab.EgressAddress }
        $expectedDenials = @($measured.Targets | Where-Object { $_.Expected['AcrErrorCode'] -eq 'DENIED' })
        $denied.Count | Should -Be $expectedDenials.Count
    }

    It 'follows the pull path without configuration to the host blobs are redirected to' {
        $rest = @($output.Discovered | Where-Object Role -EQ 'Rest')
        $rest.Count | Should -Be 1
        $rest[0].FailedStage | Should -Be $scenario.Probe.Rest.FailedStage
        if ($scenario.Probe.Rest.FailedStage) { return }
        # Blobs are served from the home region: its data endpoint, or the storage host.
        $homeTarget = $measured.Targets | Where-Object { $_.Entry -in 'Storage', "Data.$($scenario.Config.Location)" }
        $rest[0].TokenStatus | Should -Be 'Issued'
        $rest[0].ManifestStatus | Should -Be 200
        $rest[0].BlobStatus | Should -Be 307
        $rest[0].BlobRedirectHost | Should -Be $homeTarget.Fqdn
        $redirected = @($output.Discovered | Where-Object Fqdn -EQ $homeTarget.Fqdn)
        $redirected.Count | Should -Be 1
        $redirected[0].Role | Should -Be (Get-Role $homeTarget.Entry)
        $redirected[0].FailedStage | Should -Be $homeTarget.Expected.FailedStage
        if (-not $homeTarget.Expected.FailedStage) {
            $redirected[0].HttpRequest | Should -Match '^GET /(.+/)?docker/registry/v2/blobs/'
            $redirected[0].HttpStatus | Should -Be 200
        }
    }

    It 'tests exactly the addresses each resolver gave when piped from Resolve-AcrPrivateDns' {
        foreach ($fqdn in $output.Resolutions | Where-Object Role -NE 'Storage' | ForEach-Object Fqdn | Sort-Object -Unique) {
            $answers = @($output.Resolutions | Where-Object Fqdn -EQ $fqdn)
            $tested = @($output.Piped | Where-Object Fqdn -EQ $fqdn)
            if ($lab.ProxyUri) {
                $tested.Count | Should -Be 1 -Because 'through a proxy the name is tested once, by name'
                continue
            }
            Join-List ($tested | ForEach-Object Address | Sort-Object -Unique) | Should -Be (Join-List ($answers.Addresses | Sort-Object -Unique)) -Because "$fqdn is tested at every address a resolver gave"
            $failedResolvers = Join-List ($answers | Where-Object { -not $_.Addresses } | ForEach-Object Resolver)
            Join-List ($tested | Where-Object FailedStage -EQ 'Dns' | ForEach-Object Resolver) | Should -Be $failedResolvers
            $systemAddress = Join-List @($answers | Where-Object Resolver -EQ 'System')[0].Addresses
            if ($systemAddress) {
                $atSystem = $tested | Where-Object Address -EQ $systemAddress
                $atSystem.Resolver | Should -Match 'System'
                $atSystem.FailedStage | Should -Be (@($output.Tests | Where-Object Fqdn -EQ $fqdn)[0].FailedStage)
            }
        }
    }

    It 'never lets a token or a storage signature reach output, verbose, debug or error streams' {
        $everything = ConvertTo-Json -InputObject $output -Depth 8
        $everything | Should -Not -Match ([regex]::Escape($lab.Token))
        $everything | Should -Not -Match 'eyJ' -Because 'every lab token (ARM, refresh, access) is a JWT'
        $everything | Should -Not -Match 'sig='
        ($output.Streams -join "`n") | Should -Match 'Testing \d+ endpoint' -Because 'verbose output was captured'
    }

    It 'shows one line per endpoint with each stage''s result' {
        $output.Table | Should -Match 'Result\s+Endpoint\s+Address\s+Tcp\s+Tls\s+Http\s+Ms'
        $output.Table | Should -Match "Registry: $($lab.RegistryName)"
        $output.WideTable | Should -Match 'Result\s+Fqdn\s+Role\s+Region\s+Address\s+Proxy\s+ProxyStatus\s+Tcp\s+Tls'
        foreach ($result in $output.Tests) {
            $expected = if ($result.FailedStage) { "Failed at $($result.FailedStage)" } else { 'Passed' }
            $output.Table | Should -Match "$expected\s+$([regex]::Escape("$($result.Role) $($result.Region)".Trim()))"
            $output.WideTable | Should -Match "$expected\s+$([regex]::Escape($result.Fqdn))"
        }
    }
}

Describe 'The registry read from ARM in scenario <Name>' -ForEach @($scenarios | Where-Object HasPrivateEndpoint) {
    It 'compares every resolver''s answer and the private DNS zone''s record with the endpoint''s NIC address' {
        $measured = $script:Measured[$Name]
        $lab = $measured.Lab
        foreach ($endpoint in $lab.Endpoints | Where-Object { $_.PrivateAddress }) {
            $answers = @($measured.Output.ArmResolutions | Where-Object Fqdn -EQ $endpoint.Fqdn)
            $answers.Count | Should -Be 3 -Because "$($endpoint.Fqdn) is resolved by the system resolver and both DNS servers"
            foreach ($answer in $answers) {
                $answer.ExpectedAddress | Should -Be $endpoint.PrivateAddress -Because "ARM gives the NIC's address for $($endpoint.Fqdn)"
                Join-List $answer.PrivateDnsZoneRecord | Should -Be $endpoint.PrivateAddress
                $answer.PrivateDnsZoneMatch | Should -Be 'Matches'
            }
            ($answers | Where-Object Resolver -EQ $lab.DnsServers.Private).PrivateEndpointMatch | Should -Be 'Matches'
            ($answers | Where-Object Resolver -EQ $lab.DnsServers.Public).PrivateEndpointMatch | Should -Be 'ResolvesPublic'
        }
    }
}

Describe 'A DNS server that does not answer, in scenario <Name>' -ForEach @($scenarios | Where-Object Proxy -EQ 'None') {
    It 'reports its timeout beside the system resolver''s answer' {
        $answers = @($script:Measured[$Name].Output.DeadResolver)
        $answers.Count | Should -Be 2
        $answers[0].Resolver | Should -Be 'System'
        $answers[0].Status | Should -Be $(if ($RestDns -eq 'NameNotFound') { 'NameNotFound' } else { 'Resolved' })
        $answers[1].Status | Should -Be 'Timeout'
        $answers[1].Addresses | Should -BeNullOrEmpty
        $answers[1].Message | Should -Match "No answer from $([regex]::Escape($answers[1].Resolver))"
    }
}

Describe 'The proxy given another way in scenario <Name>' -ForEach @($scenarios | Where-Object Proxy -NE 'None') {
    BeforeAll {
        $output = $script:Measured[$Name].Output
        $lab = $script:Measured[$Name].Lab
        $authority = ([uri]$lab.ProxyUri).Authority
    }

    It 'tells an https:// proxy URL pointed at the plain-HTTP proxy (or an unreachable one)' {
        $rest = @($output.ProxyHttps)[0]
        $rest.Proxy | Should -Be "https://$authority"
        $rest.FailedStage | Should -Be 'Proxy'
        if ($Proxy -eq 'Down') {
            $rest.ProxyStatus | Should -Be 'Unreachable'
            $rest.TcpStatus | Should -Be 'Refused'
        }
        else {
            $rest.ProxyStatus | Should -Be 'SchemeMismatch'
            $rest.Message | Should -Match "use http://$([regex]::Escape($authority))"
        }
    }

    It 'finds no route to the registry when the proxy is bypassed' {
        $rest = @($output.NoProxy)[0]
        $rest.Proxy | Should -BeNullOrEmpty
        $rest.Address | Should -Be $lab.Addresses[$lab.LoginServer].Public
        $rest.FailedStage | Should -Be 'Tcp'
        $rest.TcpStatus | Should -Be 'Unreachable'
    }
}

Describe 'Proxy credentials in scenario <Name>' -ForEach @($scenarios | Where-Object Proxy -EQ 'AuthRequired') {
    It 'goes through with the credentials in the proxy URL, and never shows them' {
        $output = $script:Measured[$Name].Output
        $lab = $script:Measured[$Name].Lab
        $authority = ([uri]$lab.ProxyUri).Authority
        $rest = @($output.ProxyCredentials)[0]
        $rest.Proxy | Should -Be "http://$authority"
        $rest.ProxyStatus | Should -Be 'Connected'
        $rest.ProxyHttpStatus | Should -Be 200
        $rest.HttpStatus | Should -Be 401
        $rest.FailedStage | Should -BeNullOrEmpty
        ConvertTo-Json -InputObject $output -Depth 8 | Should -Not -Match ([regex]::Escape($lab.ProxyPassword))
    }
}

Describe 'Stopping while packets are dropped in scenario <Name>' -ForEach @($scenarios | Where-Object Interruptible) {
    It 'stops within a second and a half when interrupted, while probes wait on a 30 s deadline' {
        $stop = $script:Measured[$Name].Output.Stop
        $stop.WasRunning | Should -BeTrue -Because 'the command was still waiting on the dropped connection'
        $stop.StopMs | Should -BeLessThan 1500
    }
}
