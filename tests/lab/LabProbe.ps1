# Test helpers: measure a lab from its client namespace with real tools (curl, dig, openssl), in the
# vocabulary of the scenario catalogue's Probe entries, so tests can compare the two.
# Dot-source after importing AcrLab.psm1.

$script:CurlMarker = '<<ACRLAB-CURL-WRITE-OUT>>'

function Invoke-LabCurl {
    # Runs curl as the lab's client; returns the body, the response headers, curl's -w %{json} and its -v trace.
    param(
        [Parameter(Mandatory)] $Lab,
        [Parameter(Mandatory)][string] $Url,
        [string[]] $Header = @(),
        [string[]] $Data = @(),
        [string[]] $Extra = @(),
        [int] $ConnectTimeoutSec = 2,
        [int] $MaxTimeSec = 3
    )
    $arguments = @('-sS', '-v', '--connect-timeout', $ConnectTimeoutSec, '--max-time', $MaxTimeSec, '-D', '-', '-w', "$($script:CurlMarker)%{json}")
    foreach ($line in $Header) { $arguments += @('-H', $line) }
    foreach ($field in $Data) { $arguments += @('--data-urlencode', $field) }
    $run = Invoke-AcrLabCommand -Lab $Lab -FilePath curl -ArgumentList ($arguments + $Extra + $Url) -TimeoutSec ($MaxTimeSec + 10)
    $index = $run.StdOut.LastIndexOf($script:CurlMarker)
    $response = $run.StdOut.Substring(0, $index)
    # -D - writes every response's headers (a proxy's CONNECT answer first); the body follows the last block.
    $blocks = $response -split "`r`n`r`n"
    $headerBlocks = @($blocks | Select-Object -SkipLast 1)
    [pscustomobject]@{
        ExitCode = $run.ExitCode
        Write    = $run.StdOut.Substring($index + $script:CurlMarker.Length) | ConvertFrom-Json
        Headers  = if ($headerBlocks.Count -gt 0) { $headerBlocks[-1] } else { '' }
        Body     = $blocks[-1]
        Trace    = $run.StdErr
    }
}

function Get-LabTlsIssuer {
    # The issuer CN of the certificate an endpoint presents to the client (through the proxy if there is one).
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)][string] $HostName)
    $arguments = @('s_client', '-connect', "${HostName}:443", '-servername', $HostName)
    if ($Lab.Proxy) { $arguments += @('-proxy', ([uri]$Lab.Proxy.Uri).Authority) }
    $run = Invoke-AcrLabCommand -Lab $Lab -FilePath openssl -ArgumentList $arguments -TimeoutSec 10
    if ($run.StdOut -match '(?m)^issuer=.*CN\s*=\s*(?<cn>[^,\r\n]+)') { $Matches.cn.Trim() }
}

function Measure-LabRequest {
    # One HTTPS request from the client, classified as the catalogue's Probe entries are: the first failing
    # stage (Dns, Tcp, Proxy, Tls, Http, or $null when the answer is the expected success status) and what
    # was seen at each stage.
    param(
        [Parameter(Mandatory)] $Lab,
        [Parameter(Mandatory)][string] $Url,
        [Parameter(Mandatory)][int] $SuccessStatus,
        [string[]] $Header = @()
    )
    $curl = Invoke-LabCurl -Lab $Lab -Url $Url -Header $Header
    $write = $curl.Write
    $result = [ordered]@{
        FailedStage = $null; TcpStatus = $null; ProxyHttpStatus = $null; TlsStatus = $null; TlsIssuer = $null
        HttpStatus = $null; AcrErrorCode = $null; ArmErrorCode = $null; ReportedClientIp = $null
        ExitCode = $curl.ExitCode; Message = $write.errormsg; Body = $curl.Body; Headers = $curl.Headers
    }
    $viaProxy = [bool]$Lab.Proxy
    $connectStatus = if ($curl.Trace -match 'Connection refused') { 'Refused' }
    elseif ($curl.Trace -match 'Network is unreachable|No route to host') { 'Unreachable' }
    if ($viaProxy -and $write.http_connect -gt 0) { $result.ProxyHttpStatus = [int]$write.http_connect }
    switch ($curl.ExitCode) {
        0 {
            $result.TcpStatus = 'Connected'
            $result.TlsStatus = 'Trusted'
            $result.HttpStatus = [int]$write.http_code
            $json = if ($curl.Body.StartsWith('{')) { $curl.Body | ConvertFrom-Json }
            if ($json -and $json.PSObject.Properties['errors']) {
                $result.AcrErrorCode = $json.errors[0].code
                if ($json.errors[0].message -match "client with IP '(?<ip>[^']+)'") { $result.ReportedClientIp = $Matches.ip }
            }
            if ($json -and $json.PSObject.Properties['error']) { $result.ArmErrorCode = $json.error.code }
            if ($result.HttpStatus -ne $SuccessStatus) { $result.FailedStage = 'Http' }
        }
        6 { $result.FailedStage = 'Dns' }
        7 {
            $result.FailedStage = if ($viaProxy) { 'Proxy' } else { 'Tcp' }
            $result.TcpStatus = $connectStatus
        }
        28 {
            if ($write.time_connect -eq 0) {
                $result.FailedStage = if ($viaProxy) { 'Proxy' } else { 'Tcp' }
                $result.TcpStatus = 'Timeout'
            }
            else {
                $result.TcpStatus = 'Connected'
                $result.FailedStage = 'Http'
            }
        }
        56 {
            # "CONNECT tunnel failed, response <status>"
            $result.FailedStage = 'Proxy'
        }
        60 {
            $result.FailedStage = 'Tls'
            $result.TcpStatus = 'Connected'
            $result.TlsStatus = 'Untrusted'
            $result.TlsIssuer = Get-LabTlsIssuer -Lab $Lab -HostName ([uri]$Url).Host
        }
        default { $result.FailedStage = 'Tls'; $result.TcpStatus = 'Connected' }
    }
    [pscustomobject]$result
}

function Resolve-LabName {
    # Resolves a name through the client's resolver (its /etc/netns resolv.conf) with dig.
    param([Parameter(Mandatory)] $Lab, [Parameter(Mandatory)][string] $Name)
    $run = Invoke-AcrLabCommand -Lab $Lab -FilePath dig -ArgumentList '+noall', '+comments', '+answer', '+tries=1', '+time=2', $Name, 'A' -TimeoutSec 10
    $status = if ($run.StdOut -match 'status: (?<status>[A-Z]+)') { $Matches.status }
    $answers = @($run.StdOut -split "`n" | Where-Object { $_ -and -not $_.StartsWith(';') } | ForEach-Object {
            $fields = -split $_
            [pscustomobject]@{ Name = $fields[0].TrimEnd('.'); Type = $fields[3]; Data = $fields[4].TrimEnd('.') }
        })
    $addresses = @($answers | Where-Object Type -EQ 'A' | ForEach-Object Data)
    $view = if ($status -eq 'NXDOMAIN') { 'NameNotFound' }
    elseif ($addresses.Count -eq 0) { $null }
    elseif ($addresses | Where-Object { $_.StartsWith('10.') }) { 'Private' }
    else { 'Public' }
    [pscustomobject]@{
        Status     = $status
        View       = $view
        CnameChain = @($answers | Where-Object Type -EQ 'CNAME' | ForEach-Object Data)
        Addresses  = $addresses
        Raw        = $run.StdOut
    }
}

function Get-LabProbeTarget {
    # What to request for each Probe entry of a lab's scenario: the REST endpoint's /v2/, each data
    # endpoint's or the storage host's copy of the lab layer, and the registry in ARM.
    param([Parameter(Mandatory)] $Lab)
    $probe = $Lab.Scenario.Probe
    [pscustomobject]@{ Entry = 'Rest'; Expected = $probe.Rest; Fqdn = $Lab.LoginServer; Url = "https://$($Lab.LoginServer)/v2/"; SuccessStatus = 401; Header = @() }
    foreach ($endpoint in $Lab.Endpoints | Where-Object { $_.Role -eq 'Data' }) {
        [pscustomobject]@{ Entry = "Data.$($endpoint.Region)"; Expected = $probe.Data[$endpoint.Region]; Fqdn = $endpoint.Fqdn; Url = $endpoint.BlobUrl; SuccessStatus = 200; Header = @() }
    }
    foreach ($endpoint in $Lab.Endpoints | Where-Object { $_.Role -eq 'Storage' }) {
        [pscustomobject]@{ Entry = 'Storage'; Expected = $probe.Storage; Fqdn = $endpoint.Fqdn; Url = $endpoint.BlobUrl; SuccessStatus = 200; Header = @() }
    }
    [pscustomobject]@{
        Entry         = 'Arm'
        Expected      = $probe.Arm
        Fqdn          = ([uri]$Lab.Environment.ResourceManagerUrl).Host
        Url           = "$($Lab.Environment.ResourceManagerUrl.TrimEnd('/'))$($Lab.ResourceId)?api-version=2025-04-01"
        SuccessStatus = 200
        Header        = @("Authorization: Bearer $($Lab.ArmAccessToken)")
    }
}
