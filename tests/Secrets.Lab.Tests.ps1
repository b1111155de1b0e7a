#Requires -Version 7.4
# No secret ever leaves the module: every cmdlet runs as the client of every lab scenario with -Verbose -Debug,
# given the lab's ARM and pull tokens, a token that ARM refuses and a proxy URL whose password carries a marker
# (through HTTPS_PROXY behind the lab's proxy, with -Proxy elsewhere, where the proxy is unreachable). Everything
# it gives (output, its ConvertTo-Json, the six streams, error records with their exceptions and JSON) is
# printed, and none of the secrets may appear in it, plain or URL-escaped. In proxy-auth-required, one session
# also changes HTTPS_PROXY between calls: each call follows the variables of its moment, and with the proxy's
# credentials ARM is read through the proxy. One lab and one child pwsh per scenario; needs root.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $scenarios = @(Get-AcrLabScenario | ForEach-Object { @{ Name = $_.Name; Proxy = $_.Network.Proxy } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $clientScript = @'
$ErrorActionPreference = 'Continue'
Import-Module $in.ModulePath
$PSStyle.OutputRendering = 'PlainText'
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'

# Everything a command gives, as a user could see or save it: objects (view, list, JSON), records of every
# stream, and error records with their exception chain and JSON.
function Show-Everything([string] $Label, [scriptblock] $Command) {
    "<<RAN $Label>>"
    $items = @(try { & $Command *>&1 } catch { $_ })
    foreach ($item in $items) {
        if ($item -is [System.Management.Automation.ErrorRecord]) {
            "ERROR $($item.FullyQualifiedErrorId): $item"
            "$($item.Exception)"
            "$($item.ErrorDetails) $($item.TargetObject)"
            # Depth 1: the exception, target and invocation as their text (deeper, JSON lists the runtime's reflection).
            $item | ConvertTo-Json -Depth 1 -WarningAction SilentlyContinue
        }
        elseif ($item -is [System.Management.Automation.InformationalRecord]) {
            "$($item.GetType().Name): $($item.Message)"
        }
        else {
            $item | Format-List * | Out-String -Width 300
            $item | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue
        }
    }
}

$common = @{ Environment = $in.Environment; Verbose = $true; Debug = $true }
$probe = @{ Environment = $in.Environment; TimeoutSec = 2; Verbose = $true; Debug = $true }
if ($in.BehindProxy) { $env:HTTPS_PROXY = $in.SecretProxy; $proxy = @{} } else { $proxy = @{ Proxy = $in.SecretProxy } }
$armToken = $in.ArmToken
$pullToken = $in.PullToken
$refusedToken = $in.RefusedToken

Show-Everything 'Get-AcrNetworkRule' { Get-AcrNetworkRule -Name $in.Registry -AccessToken $armToken @common }
Show-Everything 'Get-AcrEndpoint' { Get-AcrEndpoint -Name $in.Registry @common }
Show-Everything 'Resolve-AcrPrivateDns' { Resolve-AcrPrivateDns -LoginServer $in.LoginServer @probe }
Show-Everything 'Test-AcrEndpoint' { Test-AcrEndpoint -LoginServer $in.LoginServer -Repository $in.Repository -AccessToken $pullToken @probe @proxy }
Show-Everything 'Invoke-AcrTroubleshooter' { Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -Repository $in.Repository -AccessToken $armToken @probe @proxy }
Show-Everything 'Invoke-AcrTroubleshooter refused token' { Invoke-AcrTroubleshooter -Name $in.Registry -AccessToken $refusedToken @probe @proxy -FailOnError }
Show-Everything 'Get-AcrNetworkRule refused token' { Get-AcrNetworkRule -Name $in.Registry -AccessToken $refusedToken @common }

if ($in.FreshProxy) {
    # One session, as a user fixing their settings: no credentials, then the proxy's credentials, then no proxy
    # variable at all, then -Proxy with the credentials.
    function Get-Decision {
        $diagnosis = Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -AccessToken $armToken @probe
        [ordered]@{
            Verdict   = "$($diagnosis.Verdict)"
            Findings  = @($diagnosis.Findings.Code)
            ConfigRead = $null -ne $diagnosis.Config
            Proxies   = @($diagnosis.Endpoints | ForEach-Object { "$($_.Proxy)" })
            Variables = @($diagnosis.Client.ProxyVariables | ForEach-Object Name)
            ArmEvidence = @($diagnosis.Findings | Where-Object Code -EQ 'ProxyAuthenticationRequired' | ForEach-Object Evidence | Where-Object { $_ -like 'ARM:*' })
        }
    }
    $fresh = [ordered]@{}
    $env:HTTPS_PROXY = $in.ProxyUri
    $fresh.WithoutCredentials = Get-Decision
    $env:HTTPS_PROXY = $in.AuthenticatedProxy
    $fresh.WithCredentials = Get-Decision
    Remove-Item Env:HTTPS_PROXY, Env:HTTP_PROXY -ErrorAction SilentlyContinue
    $fresh.Cleared = Get-Decision
    $probe.Proxy = $in.AuthenticatedProxy
    $fresh.ExplicitProxy = Get-Decision
    '<<FRESH>>' + (ConvertTo-Json -InputObject $fresh -Depth 4 -Compress)
}
'<<DONE>>'
'@

    $script:Runs = Invoke-AcrLabScenario -Scenario (Get-AcrLabScenario | ForEach-Object Name) -Context @{ ClientScript = $clientScript } -Measure {
        param($lab, $context)
        # The marker is in every secret handed out here; '@' and '!' must be escaped in a URL, so both forms are looked for.
        $marker = 'Mk@Secret!' + [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(8))
        $proxyUri = if ($lab.Proxy) { $lab.Proxy.Uri } else { 'http://10.20.0.1:3128' }
        $authRequired = $lab.Proxy -and $lab.Proxy.Mode -eq 'AuthRequired'
        $withUserInfo = { param($password) $proxyUri -replace '^http://', "http://labuser:$([Uri]::EscapeDataString($password))@" }
        $run = Invoke-AcrLabClient -Lab $lab -Script $context.ClientScript -InputObject @{
            RefusedToken       = "refused-$marker"
            BehindProxy        = $null -ne $lab.Proxy
            SecretProxy        = & $withUserInfo $marker
            ProxyUri           = $proxyUri
            AuthenticatedProxy = if ($authRequired) { & $withUserInfo $lab.Proxy.Password }
            FreshProxy         = [bool]$authRequired
        }
        $fresh = [regex]::Match($run.StdOut, '<<FRESH>>(.*)')
        [pscustomobject]@{
            Secrets  = @($lab.ArmAccessToken, $lab.PullAccessToken, $marker, [Uri]::EscapeDataString($marker), $lab.Proxy.Password | Where-Object { $_ })
            Raw      = $run.Raw
            ExitCode = $run.ExitCode
            TimedOut = $run.TimedOut
            Fresh    = if ($fresh.Success) { $fresh.Groups[1].Value | ConvertFrom-Json } else { $null }
        }
    }
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Secrets in scenario <Name>' -ForEach $scenarios {
    BeforeAll {
        $run = $script:Runs[$Name]
    }

    It 'runs every cmdlet to the end' {
        $run.Error | Should -BeNullOrEmpty
        $run.TimedOut | Should -BeFalse
        $run.ExitCode | Should -Be 0 -Because $run.Raw
        foreach ($command in 'Get-AcrNetworkRule', 'Get-AcrEndpoint', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint', 'Invoke-AcrTroubleshooter') {
            $run.Raw | Should -Match "<<RAN $command>>"
        }
        $run.Raw | Should -Match '<<DONE>>'
        $run.Raw | Should -Match 'VerboseRecord: ' -Because 'verbose output was captured'
    }

    It 'shows no token, proxy password or marker anywhere, plain or URL-escaped' {
        $run.Secrets.Count | Should -BeGreaterOrEqual 4
        foreach ($secret in $run.Secrets) {
            $run.Raw.Contains($secret) | Should -BeFalse -Because "a secret ($($secret.Length) characters) reached the output"
        }
        $run.Raw | Should -Not -Match 'eyJ[\w-]{4,}\.[\w-]{4,}\.' -Because 'every lab token (ARM, refresh, access) is a JWT'
        $run.Raw | Should -Not -Match 'sig=(?!\*\*\*)[^&\s"]'
        $run.Raw | Should -Not -Match 'Mk@Secret|Mk%40Secret'
    }

    It 'still names the proxy it used, without its credentials' {
        $run.Raw | Should -Match 'http://labuser:\*\*\*@10\.20\.0\.1:3128|http://10\.20\.0\.1:3128' -Because 'the proxy is quoted, masked'
    }
}

Describe 'Proxy decisions follow the environment of each call (proxy-auth-required, one session)' {
    BeforeAll {
        $fresh = $script:Runs['proxy-auth-required'].Fresh
    }

    It 'is refused by the proxy without credentials, for ARM too, and says so as evidence of the proxy finding' {
        $fresh | Should -Not -BeNullOrEmpty -Because $script:Runs['proxy-auth-required'].Raw
        $fresh.WithoutCredentials.Findings | Should -Contain 'ProxyAuthenticationRequired'
        $fresh.WithoutCredentials.ConfigRead | Should -BeFalse
        @($fresh.WithoutCredentials.ArmEvidence) -join "`n" | Should -Match 'requires authentication \(407\)'
        $fresh.WithoutCredentials.Proxies | Should -Contain 'http://10.20.0.1:3128'
    }

    It 'reads ARM through the proxy and passes once HTTPS_PROXY carries the credentials' {
        $fresh.WithCredentials.Verdict | Should -Be 'Healthy' -Because ($fresh.WithCredentials.Findings -join ', ')
        $fresh.WithCredentials.ConfigRead | Should -BeTrue
        $fresh.WithCredentials.Proxies | Should -Contain 'http://10.20.0.1:3128'
    }

    It 'connects directly once HTTPS_PROXY is cleared' {
        $fresh.Cleared.Variables | Should -Not -Contain 'HTTPS_PROXY'
        $fresh.Cleared.Proxies | Where-Object { $_ } | Should -BeNullOrEmpty
        $fresh.Cleared.Findings | Should -Not -Contain 'ProxyAuthenticationRequired'
    }

    It 'uses -Proxy with credentials for the probes and ARM alike' {
        $fresh.ExplicitProxy.Verdict | Should -Be 'Healthy' -Because ($fresh.ExplicitProxy.Findings -join ', ')
        $fresh.ExplicitProxy.ConfigRead | Should -BeTrue
    }
}
