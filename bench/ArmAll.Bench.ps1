<#
.SYNOPSIS
Get-AcrNetworkRule -All benchmark: 200 registries across 3 subscriptions from the lab's Resource Graph and ARM.

.DESCRIPTION
Brings up the lab's healthy-private-endpoint scenario with the Fleet ARM fault (Resource Graph holds 200
registries, 50 a page; one of them has a private endpoint whose NIC, DNS zone group and private DNS zone
are read from ARM), then runs the built module as the lab's client. Each run is a fresh pwsh: the
module is imported and warmed up with one offline call first, so the time is the command's own.
Prints the median wall time of the command, the HTTP requests the module counted, and the requests
the lab's ARM (nginx) logged. Needs root, like the lab. No target: this reports numbers.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [ValidateRange(1, 20)] [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/lab/AcrLab.psm1') -Force
Install-AcrLabPrerequisite

$lab = Start-AcrLab -Scenario healthy-private-endpoint -ArmFault Fleet
try {
    $cloud = $lab.Environment | ConvertTo-Json -Compress
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$environment = '$cloud' | ConvertFrom-Json -AsHashtable
`$null = Get-AcrEndpoint -Name warmup01
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
`$output = @(Get-AcrNetworkRule -All -Environment `$environment -AccessToken '$($lab.ArmAccessToken)' -Verbose 4>&1)
`$elapsed = `$watch.Elapsed.TotalMilliseconds
`$registries = @(`$output | Where-Object { `$_ -is [AcrNetwork.RegistryNetworkConfig] })
`$requests = @(`$output | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -match '^Azure Resource Manager: (\d+) HTTP requests' } | ForEach-Object { [int]`$Matches[1] })
'{0} {1:F1} {2}' -f `$registries.Count, `$elapsed, `$requests[0]
"@
    $accessLog = Join-Path $lab.WorkDir 'nginx/access.log'
    $samples = for ($run = 0; $run -lt $Runs; $run++) {
        $before = @(Get-Content -LiteralPath $accessLog -ErrorAction Ignore).Count
        $result = Invoke-AcrLabCommand -Lab $lab -FilePath dotnet -ArgumentList @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $script) -TimeoutSec 300
        if ($result.ExitCode -ne 0) { throw "The benchmark run failed: $($result.StdErr)$($result.StdOut)" }
        $parts = $result.StdOut.Trim() -split ' '
        $logged = @(Get-Content -LiteralPath $accessLog | Select-Object -Skip $before | Where-Object { $_ -match ' management\.lab\.test "' })
        [pscustomobject]@{
            Registries     = [int]$parts[0]
            Milliseconds   = [double]::Parse($parts[1], [cultureinfo]::InvariantCulture)
            ModuleRequests = [int]$parts[2]
            LoggedRequests = $logged.Count
            GraphRequests  = @($logged | Where-Object { $_ -match '"POST /providers/Microsoft.ResourceGraph/' }).Count
        }
    }
}
finally {
    Stop-AcrLab -Id $lab.Id
}

$times = @($samples.Milliseconds | Sort-Object)
$median = if ($times.Count % 2) { $times[[int][math]::Floor($times.Count / 2)] } else { ($times[$times.Count / 2 - 1] + $times[$times.Count / 2]) / 2 }
[pscustomobject]@{
    Runs                            = $Runs
    'Registries returned'           = ($samples.Registries | Sort-Object -Unique) -join ', '
    'Get-AcrNetworkRule -All (ms, median)' = [math]::Round($median, 1)
    'Fastest / slowest (ms)'        = '{0:F1} / {1:F1}' -f $times[0], $times[-1]
    'HTTP requests (module count)'  = ($samples.ModuleRequests | Sort-Object -Unique) -join ', '
    'HTTP requests (lab ARM log)'   = ($samples.LoggedRequests | Sort-Object -Unique) -join ', '
    'of which Resource Graph pages' = ($samples.GraphRequests | Sort-Object -Unique) -join ', '
} | Format-List | Out-Host
