#Requires -Version 7.4
# -Verbose tells the story of a command, in the order things happen, and -Debug adds the wire detail under it.
# Invoke-AcrTroubleshooter runs as the client of four lab scenarios (healthy, a client IP refused by the registry's
# firewall, a proxy that wants credentials, a private endpoint whose name resolves public) with -Verbose -Debug;
# each story names the registry and how it was named, where the configuration came from, every name resolved and
# every endpoint tested with its outcome, the rules that fired and why the primary cause leads. In the healthy lab
# the other four cmdlets each tell their own part, the preference variables turn the story on as -Verbose does,
# and a command run without either writes no verbose or debug record. One lab and one child pwsh per scenario;
# needs root.

BeforeDiscovery {
    $scenarios = @(
        @{ Name = 'healthy'; Superseded = $null }
        @{ Name = 'public-blocked-by-ip-rule'; Superseded = 'RegistryFirewallDeniedClient' }
        @{ Name = 'proxy-auth-required'; Superseded = $null }
        @{ Name = 'private-endpoint-dns-resolves-public'; Superseded = $null }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $clientScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath

# The messages of each verbose and debug record a command wrote, and the objects it returned.
function Get-Story([scriptblock] $Command) {
    $records = @(& $Command *>&1)
    [ordered]@{
        Verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        Debug   = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        Output  = @($records | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] })
    }
}

$story = Get-Story { Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -Repository $in.Repository -AccessToken $in.ArmToken -Environment $in.Environment -TimeoutSec 3 -Verbose -Debug }
$diagnosis = $story.Output | Where-Object { $_ -is [AcrNetwork.Diagnosis] }
$result = [ordered]@{
    Verbose   = $story.Verbose
    Debug     = $story.Debug
    Verdict   = "$($diagnosis.Verdict)"
    Findings  = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Severity = "$($_.Severity)" } })
    Names     = @($diagnosis.Dns | ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Resolver = $_.Resolver; Status = "$($_.Status)" } })
    Endpoints = @($diagnosis.Endpoints | ForEach-Object { [ordered]@{ Fqdn = $_.Fqdn; Status = "$($_.Status)"; FailedStage = "$($_.FailedStage)"; Proxy = $_.Proxy } })
    ConfigRead = $null -ne $diagnosis.Config
}

if ($in.OtherCmdlets) {
    $azure = @{ Environment = $in.Environment }
    $result.GetAcrNetworkRule = Get-Story { Get-AcrNetworkRule -Name $in.Registry -AccessToken $in.ArmToken @azure -Verbose -Debug }
    $result.GetAcrEndpoint = Get-Story { Get-AcrEndpoint -Name $in.Registry @azure -Verbose }
    $result.TestAcrEndpoint = Get-Story { Test-AcrEndpoint -LoginServer $in.LoginServer -Repository $in.Repository -AccessToken $in.PullToken @azure -TimeoutSec 3 -Verbose -Debug }
    $result.Silent = Get-Story { Test-AcrEndpoint -LoginServer $in.LoginServer @azure -TimeoutSec 3 }

    # The preference variables, as a script sets them, in place of the switches.
    $VerbosePreference = 'Continue'
    $DebugPreference = 'Continue'
    $result.ResolveAcrPrivateDns = Get-Story { $in.Registry | Resolve-AcrPrivateDns @azure -TimeoutSec 3 }
    foreach ($name in 'GetAcrNetworkRule', 'GetAcrEndpoint', 'TestAcrEndpoint', 'Silent', 'ResolveAcrPrivateDns') {
        $result[$name].Output = @($result[$name].Output | ForEach-Object { if ($_.Fqdn) { $_.Fqdn } else { "$($_.LoginServer)" } })
    }
}

'<<RESULT>>' + (ConvertTo-Json -InputObject $result -Depth 6 -Compress)
'@

    $script:Runs = Invoke-AcrLabScenario -Scenario 'healthy', 'public-blocked-by-ip-rule', 'proxy-auth-required', 'private-endpoint-dns-resolves-public' -Context @{ ClientScript = $clientScript } -Measure {
        param($lab, $context)
        $run = Invoke-AcrLabClient -Lab $lab -Script $context.ClientScript -InputObject @{ OtherCmdlets = $lab.ScenarioName -eq 'healthy' }
        [pscustomobject]@{ Output = $run.Output; Raw = $run.Raw; ExitCode = $run.ExitCode; LoginServer = $lab.LoginServer; Registry = $lab.RegistryName; Proxy = $lab.Proxy }
    }

    # The index of the first line matching the pattern, or -1.
    function Find-Line([string[]] $Lines, [string] $Pattern) {
        for ($i = 0; $i -lt $Lines.Count; $i++) { if ($Lines[$i] -match $Pattern) { return $i } }
        -1
    }
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter -Verbose -Debug in scenario <Name>' -ForEach $scenarios {
    BeforeAll {
        $run = $script:Runs[$Name]
        $out = $run.Output
        $verbose = [string[]]@($out.Verbose)
        $debug = [string[]]@($out.Debug)
        $login = [regex]::Escape($run.LoginServer)
        $rulesAt = Find-Line $verbose "^$login`: rule \w+ fired: "
        $primaryAt = Find-Line $verbose "^$login`: (primary cause \w+ |no rule found a problem)"
        # Where judging starts: the first rule that fired or, when none did, the line saying so.
        $judgedAt = if ($rulesAt -ge 0) { $rulesAt } else { $primaryAt }
    }

    It 'runs to a diagnosis' {
        $run.Error | Should -BeNullOrEmpty
        $run.ExitCode | Should -Be 0 -Because $run.Raw
        $out.Verdict | Should -Not -BeNullOrEmpty -Because $run.Raw
    }

    It 'names the registry, how it was named and the cloud first, then the client' {
        $verbose[0] | Should -Be 'Azure credential: the token given with -AccessToken.'
        $verbose[1] | Should -Match "^$login`: registry $($run.Registry), named by -LoginServer, in AcrLab \(ARM at https://management\.lab\.test/\)\.$"
        $verbose[2] | Should -Match "^$login`: client Machine \(.+\); proxy variables: (none|HTTPS_PROXY=http://10\.20\.0\.1:3128.*); proxy setting Default\."
    }

    It 'says where the configuration came from, before the rules' {
        $pattern = if ($out.ConfigRead) { "^$login`: ARM gave the configuration of /subscriptions/.+/registries/$($run.Registry) in \d+ ms and \d+ request\(s\)" } else { "^$login`: configuration not read: " }
        $configAt = Find-Line $verbose $pattern
        $configAt | Should -BeGreaterThan 1 -Because ($verbose -join "`n")
        $configAt | Should -BeLessThan $judgedAt
        $round = if ($out.ConfigRead) { "^$login`: second probe round: the configuration names \d+ endpoint" } else { "^$login`: no second probe round: the configuration was not read" }
        Find-Line $verbose $round | Should -BeGreaterThan $configAt
    }

    It 'tells each name through each resolver with its answer, before the rules' {
        $out.Names | Should -Not -BeNullOrEmpty
        foreach ($name in $out.Names) {
            $at = Find-Line $verbose "^DNS $([regex]::Escape($name.Fqdn)) \(\w+\) via $([regex]::Escape($name.Resolver)): $($name.Status) in [\d.]+ ms\. "
            $at | Should -BeGreaterThan 1 -Because "$($name.Fqdn) via $($name.Resolver) is told"
            $at | Should -BeLessThan $judgedAt
        }
    }

    It 'tells each endpoint tested, stage by stage, with its outcome, before the rules' {
        $out.Endpoints | Should -Not -BeNullOrEmpty
        foreach ($endpoint in $out.Endpoints) {
            $route = if ($endpoint.Proxy) { "through the proxy $([regex]::Escape($endpoint.Proxy))" } else { 'at [\d.:a-f]+, direct' }
            $outcome = if ($endpoint.Status -eq 'Passed') { 'Passed' } else { "Failed at $($endpoint.FailedStage)" }
            $at = Find-Line $verbose "^Endpoint $([regex]::Escape($endpoint.Fqdn)) \([^)]+\) $route`: .+ => $outcome in [\d.]+ ms\."
            $at | Should -BeGreaterThan 1 -Because "$($endpoint.Fqdn) is told ($($verbose -join "`n"))"
            $at | Should -BeLessThan $judgedAt
        }
    }

    It 'tells each rule that fired, then why the primary cause was chosen, then the verdict' {
        foreach ($finding in $out.Findings) {
            Find-Line $verbose "^$login`: rule \w+ fired: $($finding.Severity) $($finding.Code) at \w+ on " | Should -BeGreaterOrEqual $rulesAt -Because "$($finding.Code) is told"
        }
        $primary = @($out.Findings | Where-Object Severity -NE 'Info')
        $expected = if ($primary) { "^$login`: primary cause $($primary[0].Code) \($($primary[0].Severity) at \w+\): " } else { "^$login`: no rule found a problem" }
        $primaryAt | Should -Be (Find-Line $verbose $expected) -Because ($verbose -join "`n")
        $primaryAt | Should -BeGreaterThan $rulesAt
        $verbose[-1] | Should -Match "^$login`: $($out.Verdict) after \d+ ms, \d+ name resolution\(s\) and \d+ endpoint test\(s\)\.$"
        if ($Superseded) {
            Find-Line $verbose "^$login`: $Superseded superseded by $($primary[0].Code)" | Should -BeIn ($rulesAt..$primaryAt)
        }
    }

    It 'adds the wire detail with -Debug: DNS queries, HTTP requests and, where read, ARM requests' {
        $debug | Where-Object { $_ -match '^DNS (A|AAAA) \S+ at [\d.]+: \w+' } | Should -Not -BeNullOrEmpty
        if ($run.Proxy) {
            $debug | Where-Object { $_ -match "^CONNECT $login`:443 through http://10\.20\.0\.1:3128: 407 \(AuthenticationRequired\) in \d+ ms$" } | Should -Not -BeNullOrEmpty -Because ($debug -join "`n")
        }
        else {
            $debug | Where-Object { $_ -match "^HTTP GET https://$login/v2/: (401|403) \w+.*; Content-Type: [\w/]+.* in \d+ ms$" } | Should -Not -BeNullOrEmpty -Because ($debug -join "`n")
        }
        if ($out.ConfigRead) {
            $debug | Where-Object { $_ -match '^ARM GET management\.lab\.test/subscriptions/\S+/registries/\S+\?api-version=[\w-]+: 200 \(x-ms-request-id [\w-]+\) in \d+ ms$' } | Should -Not -BeNullOrEmpty
        }
        $verbose + $debug | Where-Object { $_ -match 'eyJ[\w-]{4,}\.' } | Should -BeNullOrEmpty
    }
}

Describe 'Each other cmdlet tells its own part (healthy)' {
    BeforeAll {
        $run = $script:Runs['healthy']
        $out = $run.Output
        $login = [regex]::Escape($run.LoginServer)
    }

    It 'Get-AcrNetworkRule: the registry read from ARM, and each request on the wire' {
        $verbose = @($out.GetAcrNetworkRule.Verbose)
        $read = Find-Line $verbose "^Reading $($run.Registry) \(named by -Name\) from Azure Resource Manager at https://management\.lab\.test/\.$"
        $read | Should -BeGreaterOrEqual 0 -Because ($verbose -join "`n")
        Find-Line $verbose "^$login`: configuration of $($run.Registry) read from /subscriptions/\S+; \d+ ARM request\(s\) so far\.$" | Should -BeGreaterThan $read
        @($out.GetAcrNetworkRule.Debug) | Where-Object { $_ -match '^ARM (GET|POST) management\.lab\.test/\S+\?api-version=\S+: 200 \(x-ms-request-id ' } | Should -Not -BeNullOrEmpty
    }

    It 'Get-AcrEndpoint: the registry and how many endpoints it needs allowed' {
        $out.GetAcrEndpoint.Verbose | Should -Contain "$($run.LoginServer): registry $($run.Registry), named by -Name, in AcrLab; configuration from parameters: $(@($out.GetAcrEndpoint.Output).Count) endpoint(s) to allow."
    }

    It 'Resolve-AcrPrivateDns: the piped name, then each name through the resolver (turned on by $VerbosePreference)' {
        $verbose = @($out.ResolveAcrPrivateDns.Verbose)
        $verbose[0] | Should -Match "^$login`: registry $($run.Registry), named by a piped name or login server, in AcrLab: $login \(Rest\)"
        foreach ($fqdn in @($out.ResolveAcrPrivateDns.Output)) {
            Find-Line $verbose "^DNS $([regex]::Escape($fqdn)) \(\w+\) via System: Resolved in [\d.]+ ms\. Resolves to " | Should -BeGreaterThan 0
        }
        @($out.ResolveAcrPrivateDns.Debug) | Where-Object { $_ -match '^DNS getaddrinfo \S+: Resolved ' } | Should -Not -BeNullOrEmpty -Because '$DebugPreference turns the wire on'
    }

    It 'Test-AcrEndpoint: each endpoint with its outcome, and the pull path on the wire' {
        $verbose = @($out.TestAcrEndpoint.Verbose)
        $verbose | Should -Contain 'Azure credential: the token given with -AccessToken.'
        Find-Line $verbose "^$login`: registry $($run.Registry), named by -LoginServer, in AcrLab: " | Should -BeGreaterOrEqual 0
        Find-Line $verbose "^Endpoint $login \(Rest[^)]*\) at [\d.]+, direct: TCP Connected .+, GET /v2/ 401 .+, token Issued .+, pull samples/hello:v1: manifest 200, blob (200|307)[^=]+ => Passed in " | Should -BeGreaterThan 0 -Because ($verbose -join "`n")
        $debug = @($out.TestAcrEndpoint.Debug)
        $debug | Where-Object { $_ -match "^HTTP GET https://$login/v2/: 401 Unauthorized; WWW-Authenticate: Bearer realm=`"https://$login/oauth2/token`",service=`"$login`"" } | Should -Not -BeNullOrEmpty -Because ($debug -join "`n")
        $debug | Where-Object { $_ -match "^HTTP GET https://$login/v2/samples/hello/blobs/sha256:\w+: 307 \w+.*; Location: https://[\w.-]+/…" } | Should -Not -BeNullOrEmpty -Because 'a redirect is shown by its host alone'
    }

    It 'writes no verbose or debug record without -Verbose, -Debug or their preference variables' {
        @($out.Silent.Output).Count | Should -BeGreaterThan 0
        @($out.Silent.Verbose) | Should -BeNullOrEmpty
        @($out.Silent.Debug) | Should -BeNullOrEmpty
    }
}
