# AcrLab: broken (and healthy) registries built from real servers inside Linux network namespaces.
# See README.md in this folder for the topology, the address plan and the scenario format.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

foreach ($file in Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'private') -Filter '*.ps1') { . $file.FullName }

function Install-AcrLabPrerequisite {
    <#
    .SYNOPSIS
    Installs the Debian packages the lab needs when one of their commands is missing.
    .DESCRIPTION
    Runs apt-get update once, then apt-get install for the missing packages only. Services the packages
    would start (nginx, squid, docker-registry) are kept from starting: the lab runs its own copies inside
    namespaces and nothing may listen in the machine's own namespace. Fast and silent when all is present.
    #>
    [CmdletBinding()]
    param()
    $missing = [System.Collections.Generic.List[string]]::new()
    foreach ($command in $script:RequiredCommands.Keys) {
        if (-not (Get-Command -Name $command -CommandType Application -ErrorAction Ignore)) { $missing.Add($script:RequiredCommands[$command]) }
    }
    if (-not (Test-Path -LiteralPath $script:SquidBasicAuthHelper)) { $missing.Add('squid') }
    if (-not (Test-Path -LiteralPath $script:ArmEmulatorPython)) { $missing.Add('python3') }
    $packages = @($missing | Sort-Object -Unique)
    if ($packages.Count -eq 0) {
        Write-Verbose 'All lab prerequisites are installed.'
        return
    }
    Assert-LabRoot -Action 'install the lab''s packages'
    Write-Verbose "Installing $($packages -join ', ')"
    $policy = '/usr/sbin/policy-rc.d'
    $ownPolicy = -not (Test-Path -LiteralPath $policy)
    if ($ownPolicy) {
        # Debian's invoke-rc.d asks this script whether to start services; 101 means no.
        Write-LabFile -Path $policy -Content "#!/bin/sh`nexit 101`n"
        $null = Invoke-LabNative -FilePath chmod -ArgumentList '755', $policy
    }
    $frontend = $env:DEBIAN_FRONTEND
    try {
        $env:DEBIAN_FRONTEND = 'noninteractive'
        $null = Invoke-LabNative -FilePath apt-get -ArgumentList 'update'
        $null = Invoke-LabNative -FilePath apt-get -ArgumentList (@('install', '-y', '--no-install-recommends') + $packages)
    }
    finally {
        $env:DEBIAN_FRONTEND = $frontend
        if ($ownPolicy) { Remove-Item -LiteralPath $policy -Force }
    }
}

function Get-AcrLabScenario {
    <#
    .SYNOPSIS
    The scenario catalogue: one object per file in scenarios/, or the named one.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string] $Name)
    if ($Name) {
        $path = Join-Path $script:ScenarioDirectory "$Name.psd1"
        if (-not (Test-Path -LiteralPath $path)) {
            $known = (Get-ChildItem -LiteralPath $script:ScenarioDirectory -Filter '*.psd1' | ForEach-Object BaseName) -join ', '
            throw "Unknown lab scenario '$Name'. Known scenarios: $known"
        }
        return Import-LabScenario -Path $path
    }
    Get-ChildItem -LiteralPath $script:ScenarioDirectory -Filter '*.psd1' | Sort-Object Name | ForEach-Object { Import-LabScenario -Path $_.FullName }
}

function Start-AcrLab {
    <#
    .SYNOPSIS
    Builds a scenario's network and starts its servers; returns the lab.
    .DESCRIPTION
    Needs root. On any failure everything already created is removed before the error is thrown.
    Stop the lab with Stop-AcrLab, even when a test fails.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Scenario,
        [ValidateRange(1, 60000)][int] $LatencyMs,
        # ARM behaviours beyond the recorded answers (see private/ArmEmulator.ps1).
        [ValidateSet('PrivateEndpointForbidden', 'RegistryThrottledOnce', 'RegistryMalformed', 'RegistryHangs', 'RecordsPaged', 'Fleet', 'RegistryPreviewRefused')]
        [string[]] $ArmFault = @()
    )
    Assert-LabRoot -Action 'start a lab'
    Assert-LabPrerequisite
    $definition = Get-AcrLabScenario -Name $Scenario
    $id = New-LabSecret -Length 8
    $plan = New-LabPlan -Scenario $definition -Id $id -LatencyMs $LatencyMs
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $step = { param($what) Write-Verbose ("[{0,5} ms] lab {1}: {2}" -f $clock.ElapsedMilliseconds, $id, $what) }
    $started = $false
    try {
        $null = New-Item -ItemType Directory -Path $plan.WorkDir -Force
        # Written first, so Stop-AcrLab -Id can find a lab even if this process dies half-way.
        Save-LabState -Lab ([pscustomobject]@{ Id = $id; ScenarioName = $definition.Name; Namespaces = $plan.Namespaces; WorkDir = $plan.WorkDir })
        & $step 'certificates'
        $certificates = New-LabCertificate -Plan $plan
        & $step 'network'
        New-LabNetwork -Plan $plan
        & $step 'dnsmasq'
        $fleet = if ('Fleet' -in $ArmFault) { Get-LabFleetName | ForEach-Object { "$_.$($script:LabCloud.ContainerRegistryEndpointSuffix)" } }
        Start-LabDns -Plan $plan -RegistryAlias $fleet
        & $step 'docker-registry'
        $storage = Start-LabRegistry -Plan $plan -Certificates $certificates
        $image = Publish-LabImage -Plan $plan -Storage $storage
        $tokens = New-LabToken -Plan $plan -Certificates $certificates
        Test-LabRegistryToken -Plan $plan -Tokens $tokens
        & $step 'nginx'
        $routes = Write-LabArmResponse -Plan $plan
        & $step 'arm-emulator'
        $emulation = Get-LabArmEmulation -Plan $plan -Routes $routes -Fault $ArmFault
        Start-LabArmEmulator -Plan $plan -Emulation $emulation
        Start-LabFrontDoor -Plan $plan -Certificates $certificates -Tokens $tokens -Storage $storage -ArmRoutes $routes -ArmEmulatedPaths $emulation.Paths
        & $step 'squid'
        Start-LabProxy -Plan $plan
        $lab = New-LabObject -Plan $plan -Certificates $certificates -Tokens $tokens -Image $image
        Save-LabState -Lab $lab
        & $step 'ready'
        $started = $true
        $lab
    }
    catch {
        throw "Could not start lab scenario '$Scenario' (lab $id): $($_.Exception.Message)"
    }
    finally {
        # Also runs when the start is interrupted (Ctrl+C), which skips catch.
        if (-not $started) {
            try { Remove-LabResource -Namespaces @($plan.Namespaces.Values) -WorkDir $plan.WorkDir }
            catch { Write-Warning "Cleaning up lab $id after a failed start also failed: $_" }
        }
    }
}

function Stop-AcrLab {
    <#
    .SYNOPSIS
    Tears a lab down: every process in its namespaces, the namespaces (and their iptables rules and
    qdiscs), /etc/netns entries and the work dir. Idempotent. -All removes every lab of any run.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Lab')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Lab', Position = 0, ValueFromPipeline)] $Lab,
        [Parameter(Mandatory, ParameterSetName = 'Id')][string[]] $Id,
        [Parameter(Mandatory, ParameterSetName = 'All')][switch] $All
    )
    process {
        Assert-LabRoot -Action 'stop a lab'
        $ids = switch ($PSCmdlet.ParameterSetName) {
            'Lab' { @($Lab.Id) }
            'Id' { $Id }
            'All' { @(Get-LabStateId) }
        }
        foreach ($labId in $ids) {
            if ($labId -notmatch '^[0-9a-f]{8}$') { throw "'$labId' is not a lab id (eight hex digits)." }
            $prefix = "$($script:NamespacePrefix)$labId-"
            $namespaces = @(Get-LabNamespace | Where-Object { $_.StartsWith($prefix) }) + @(Get-LabEtcNamespace | Where-Object { $_.StartsWith($prefix) })
            Remove-LabResource -Namespaces @($namespaces | Sort-Object -Unique) -WorkDir (Join-Path $script:LabRoot $labId)
            Write-Verbose "Lab $labId stopped."
        }
        if ($All) {
            # Leftovers of crashed runs that have no work dir any more.
            $orphans = @(Get-LabNamespace) + @(Get-LabEtcNamespace) | Where-Object { $_.StartsWith($script:NamespacePrefix) } | Sort-Object -Unique
            if ($orphans) { Remove-LabResource -Namespaces @($orphans) }
        }
    }
}

function Get-AcrLab {
    <#
    .SYNOPSIS
    The labs that are up on this machine (from their state files), or the one with the given id.
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][string] $Id)
    $ids = if ($Id) { @($Id) } else { @(Get-LabStateId) }
    foreach ($labId in $ids) {
        $path = Join-Path (Join-Path $script:LabRoot $labId) $script:StateFileName
        if (-not (Test-Path -LiteralPath $path)) {
            if ($Id) { throw "No lab with id '$Id' is up (no $path)." }
            continue
        }
        $state = Get-Content -Raw -LiteralPath $path | ConvertFrom-Json -AsHashtable
        if (-not $state.ContainsKey('ClientNamespace')) {
            # A lab whose start did not finish.
            [pscustomobject]@{ Id = $state.Id; ScenarioName = $state.ScenarioName; Namespaces = $state.Namespaces; WorkDir = $state.WorkDir }
            continue
        }
        $state.Scenario = Get-AcrLabScenario -Name $state.ScenarioName
        [pscustomobject]$state
    }
}

function Invoke-AcrLabCommand {
    <#
    .SYNOPSIS
    Runs a program as the lab's client: inside the client namespace, with the lab's ClientEnvironment.
    .DESCRIPTION
    The program inherits this process's environment (PATH, HOME, DOTNET_* ...) and working directory,
    minus any proxy variables of the machine, plus the lab's ClientEnvironment. Returns ExitCode, StdOut,
    StdErr and TimedOut; a program still running after -TimeoutSec is killed with its children.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Lab,
        [Parameter(Mandatory)][string] $FilePath,
        [string[]] $ArgumentList = @(),
        [ValidateRange(1, 3600)][int] $TimeoutSec = 120,
        [string] $WorkingDirectory = (Get-Location -PSProvider FileSystem).ProviderPath
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('ip')
    foreach ($argument in @('netns', 'exec', $Lab.ClientNamespace, $FilePath) + $ArgumentList) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.WorkingDirectory = $WorkingDirectory
    foreach ($name in $script:ProxyVariables) { $null = $start.Environment.Remove($name) }
    foreach ($entry in $Lab.ClientEnvironment.GetEnumerator()) { $start.Environment[$entry.Key] = [string]$entry.Value }
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $timedOut = -not $process.WaitForExit($TimeoutSec * 1000)
        if ($timedOut) { $process.Kill($true) }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $stdout.GetAwaiter().GetResult()
            StdErr   = $stderr.GetAwaiter().GetResult()
            TimedOut = $timedOut
        }
    }
    finally {
        $process.Dispose()
    }
}

function Get-AcrLabShellCommand {
    <#
    .SYNOPSIS
    The command line that opens a shell as the lab's client (for working by hand).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] $Lab, [string] $Shell = 'bash')
    process {
        $unset = $script:ProxyVariables | ForEach-Object { "-u $_" }
        $set = $Lab.ClientEnvironment.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }
        "ip netns exec $($Lab.ClientNamespace) env $($unset -join ' ') $($set -join ' ') $Shell"
    }
}

function Assert-LabRoot {
    param([Parameter(Mandatory)][string] $Action)
    if ((& id -u) -ne '0') { throw "The lab needs root to $Action (network namespaces, iptables, servers on port 443)." }
}

function Assert-LabPrerequisite {
    $missing = @($script:RequiredCommands.Keys | Where-Object { -not (Get-Command -Name $_ -CommandType Application -ErrorAction Ignore) })
    if ($missing.Count -gt 0) {
        throw "The lab needs $($missing -join ', '); run Install-AcrLabPrerequisite (or build.ps1 Lab, which calls it)."
    }
}

function New-LabObject {
    # The lab as tests and people use it.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Certificates, [Parameter(Mandatory)] $Tokens, [Parameter(Mandatory)] $Image)
    $exists = $Plan.Scenario.Config.Exists
    $blobPath = "docker/registry/v2/blobs/sha256/$($Image.LayerDigest.Substring(7, 2))/$($Image.LayerDigest.Substring(7))/data"
    $endpoints = @(
        if ($exists) {
            foreach ($endpoint in Get-LabRegistryEndpoint -Plan $Plan) {
                $blobUrl = switch ($endpoint.Role) {
                    'Rest' { $null }
                    'Data' { "https://$($endpoint.Fqdn)/$blobPath" }
                    'Storage' { "https://$($endpoint.Fqdn)/$($endpoint.Container)/$blobPath" }
                }
                [ordered]@{
                    Role           = $endpoint.Role
                    Region         = $endpoint.Region
                    Fqdn           = $endpoint.Fqdn
                    PublicAddress  = $endpoint.PublicAddress
                    PrivateAddress = $endpoint['PrivateAddress']
                    BlobUrl        = $blobUrl
                }
            }
        }
    )
    $addresses = [ordered]@{}
    foreach ($endpoint in $endpoints) { $addresses[$endpoint.Fqdn] = [ordered]@{ Public = $endpoint.PublicAddress; Private = $endpoint.PrivateAddress } }
    $addresses[$Plan.Arm.Fqdn] = [ordered]@{ Public = $Plan.Arm.Address; Private = $null }

    $environment = @{}
    foreach ($key in $script:LabCloud.Keys) { $environment[$key] = $script:LabCloud[$key] }
    # SSL_CERT_FILE for .NET, OpenSSL and Go; curl reads only CURL_CA_BUNDLE.
    # The Instance Metadata Service's own address: inside the lab only the lab's IMDS can answer there (ClientNetwork scenarios).
    $clientEnvironment = [ordered]@{ SSL_CERT_FILE = $Certificates.ClientBundle; CURL_CA_BUNDLE = $Certificates.ClientBundle; ACRNETWORK_IMDS_ENDPOINT = 'http://169.254.169.254/' }
    $proxy = $null
    if ($Plan.Proxy) {
        $clientEnvironment.HTTPS_PROXY = $Plan.Proxy.Uri
        $clientEnvironment.HTTP_PROXY = $Plan.Proxy.Uri
        $clientEnvironment.NO_PROXY = 'localhost,127.0.0.1'
        $proxy = [ordered]@{ Mode = $Plan.Proxy.Mode; Uri = $Plan.Proxy.Uri; UserName = $Plan.Proxy.UserName; Password = $Plan.Proxy.Password; EgressAddress = $Plan.Proxy.EgressAddress }
    }

    [pscustomobject]@{
        PSTypeName        = 'AcrLab.Lab'
        Id                = $Plan.Id
        ScenarioName      = $Plan.Scenario.Name
        Scenario          = $Plan.Scenario
        ClientNamespace   = $Plan.Namespaces.Client
        Namespaces        = $Plan.Namespaces
        WorkDir           = $Plan.WorkDir
        RegistryName      = $Plan.RegistryName
        LoginServer       = $Plan.LoginServer
        ClientAddress     = $Plan.Client.Address
        ClientAddresses   = $Plan.Client.Addresses
        EgressAddress     = $Plan.Client.EgressAddress
        Environment       = $environment
        SubscriptionId    = $Plan.SubscriptionId
        TenantId          = $Plan.TenantId
        ResourceGroupName = $Plan.ResourceGroup
        ResourceId        = $Plan.RegistryId
        ClientSubnetId    = if ($Plan.Scenario.ClientNetwork) { Get-LabClientSubnetId -Plan $Plan }
        AksClusterId      = Get-LabAksClusterId -Plan $Plan
        ArmAccessToken    = $Tokens.Arm
        PullAccessToken   = $Tokens.PullOnly
        ClientEnvironment = $clientEnvironment
        DnsServers        = [ordered]@{ Public = $Plan.DnsServers.Public; Private = $Plan.DnsServers.Private; Client = $Plan.ClientDnsServer }
        Addresses         = $addresses
        Endpoints         = $endpoints
        Proxy             = $proxy
        Repository        = "$($Image.Repository):$($Image.Tag)"
        Image             = $Image
        LatencyMs         = $Plan.LatencyMs
        StartedAt         = [datetime]::UtcNow.ToString('o')
    }
}

function Save-LabState {
    param([Parameter(Mandatory)] $Lab)
    $state = [ordered]@{}
    foreach ($property in $Lab.PSObject.Properties) {
        if ($property.Name -ne 'Scenario') { $state[$property.Name] = $property.Value }
    }
    Write-LabFile -Path (Join-Path $Lab.WorkDir $script:StateFileName) -Content (ConvertTo-Json -InputObject $state -Depth 10)
}

function Get-LabStateId {
    if (-not (Test-Path -LiteralPath $script:LabRoot)) { return }
    Get-ChildItem -LiteralPath $script:LabRoot -Directory | Where-Object Name -Match '^[0-9a-f]{8}$' | ForEach-Object Name
}

function Get-LabEtcNamespace {
    # Namespaces with an /etc/netns entry (which may outlive a namespace after a crash).
    if (Test-Path -LiteralPath '/etc/netns') { Get-ChildItem -LiteralPath '/etc/netns' -Directory | ForEach-Object Name }
}

Export-ModuleMember -Function Install-AcrLabPrerequisite, Get-AcrLabScenario, Start-AcrLab, Stop-AcrLab, Get-AcrLab,
    Invoke-AcrLabCommand, Get-AcrLabShellCommand, Test-AcrLabLatencySupport
