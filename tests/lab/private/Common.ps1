# Shared constants and helpers for running native commands.

# Where each lab keeps its work directory and state file; /run is cleared on reboot, as namespaces are.
$script:LabRoot = '/run/acrlab'
$script:NamespacePrefix = 'acrlab-'
$script:StateFileName = 'lab.json'

# The lab cloud: names that can never resolve or reach a real host.
$script:LabCloud = [ordered]@{
    Name                            = 'AcrLab'
    ResourceManagerUrl              = 'https://management.lab.test/'
    ContainerRegistryEndpointSuffix = 'azurecr.test'
    ActiveDirectoryAuthority        = 'https://login.lab.test/'
    StorageEndpointSuffix           = 'core.lab.test'
}
$script:ArmHost = 'management.lab.test'
$script:PrivateLinkZone = 'privatelink.azurecr.test'
$script:SubscriptionId = '6d1c4a52-0f3e-4b8a-9d27-3e5f1a8c7b90'
$script:TenantId = 'b2a7e9d4-51c8-4f06-8e3b-9a4d6c2f1e75'
$script:ResourceGroup = 'rg-acrlab'
$script:VirtualNetwork = 'vnet-acrlab'

# Commands the lab runs, and the Debian package that provides each.
$script:RequiredCommands = [ordered]@{
    'ip'              = 'iproute2'
    'tc'              = 'iproute2'
    'ss'              = 'iproute2'
    'iptables'        = 'iptables'
    'dnsmasq'         = 'dnsmasq-base'
    'nginx'           = 'nginx-light'
    'squid'           = 'squid'
    'docker-registry' = 'docker-registry'
    'openssl'         = 'openssl'
    'curl'            = 'curl'
    'dig'             = 'bind9-dnsutils'
    'setsid'          = 'util-linux'
    'kill'            = 'procps'
}
$script:SquidBasicAuthHelper = '/usr/lib/squid/basic_ncsa_auth'

# Proxy variables a client must not inherit from the machine running the lab.
$script:ProxyVariables = @('HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy')

function Invoke-LabNative {
    # Runs a native command and returns its output lines; throws with the output when it fails.
    param(
        [Parameter(Mandatory)][string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AllowFailure
    )
    $output = & $FilePath @ArgumentList 2>&1 | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code ${LASTEXITCODE}: $($output -join [Environment]::NewLine)"
    }
    $output
}

function Invoke-LabScript {
    # Runs a generated bash script (kept in the work dir so a person can read what the lab did).
    param(
        [Parameter(Mandatory)][string] $Path,
        [Parameter(Mandatory)][string] $Purpose,
        [string] $Namespace
    )
    $output = if ($Namespace) { & ip netns exec $Namespace bash $Path 2>&1 } else { & bash $Path 2>&1 }
    $output = $output | ForEach-Object { "$_" }
    if ($LASTEXITCODE -ne 0) {
        throw "Could not $Purpose ($Path, exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)"
    }
    $output
}

function Get-LabLogTail {
    # The last lines of a server's log, for error messages.
    param([Parameter(Mandatory)][string] $Path, [int] $Lines = 15)
    if (Test-Path -LiteralPath $Path) {
        (Get-Content -LiteralPath $Path -Tail $Lines) -join [Environment]::NewLine
    }
    else {
        "(no log at $Path)"
    }
}

function Write-LabFile {
    # Writes UTF-8 text without a byte order mark, with Unix line endings.
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][AllowEmptyString()][string] $Content)
    $directory = Split-Path -Parent $Path
    if (-not (Test-Path -LiteralPath $directory)) { $null = New-Item -ItemType Directory -Path $directory -Force }
    [System.IO.File]::WriteAllText($Path, $Content.Replace("`r`n", "`n"), [System.Text.UTF8Encoding]::new($false))
}

function ConvertTo-LabJson {
    # Compact JSON, deep enough for ARM payloads.
    param([Parameter(Mandatory)] $InputObject)
    ConvertTo-Json -InputObject $InputObject -Depth 30 -Compress
}

function ConvertTo-NginxString {
    # A single-quoted nginx string literal; nginx unescapes \' and \\ and keeps \u0027 as written.
    param([Parameter(Mandatory)][AllowEmptyString()][string] $Value)
    "'" + $Value.Replace('\', '\\').Replace("'", "\'") + "'"
}
