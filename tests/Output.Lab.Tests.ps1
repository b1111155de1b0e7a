#Requires -Version 7.4
# What a user sees and keeps, from the client of one lab scenario (public-blocked-by-ip-rule): every output type's
# default view at 80 columns in plain text, JSON and CSV shapes, the Markdown of a diagnosis, every pipeline
# combination between the five cmdlets, and -FailOnError through a child `pwsh -File`. The built module runs in
# fresh pwsh processes inside the client namespace. Needs root.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $script:Lab = Start-AcrLabSuite -Scenario public-blocked-by-ip-rule
    $in = @{
        ModulePath  = Get-BuiltModulePath
        Environment = $Lab.Environment
        Registry    = $Lab.RegistryName
        LoginServer = $Lab.LoginServer
        Repository  = $Lab.Repository
        ArmToken    = $Lab.ArmAccessToken
    }
    # The runbook below is a script file: it takes the same inputs as one parameter.
    $script:Encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $in -Depth 4)))
    $script:Tokens = @($Lab.ArmAccessToken, $Lab.PullAccessToken)

    function Invoke-AsClient([string] $Script) { Invoke-AcrLabClient -Lab $script:Lab -InputObject $in -Script $Script }

    $prelude = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$PSStyle.OutputRendering = 'PlainText'
$azure = @{ Environment = $in.Environment }
$signedIn = @{ Environment = $in.Environment; AccessToken = $in.ArmToken }
$probe = @{ Environment = $in.Environment; AccessToken = $in.ArmToken; TimeoutSec = 3 }
$config = Get-AcrNetworkRule -LoginServer $in.LoginServer @signedIn
$endpoints = @($config | Get-AcrEndpoint @azure)
$dns = @($config | Resolve-AcrPrivateDns @azure)
$tests = @($dns | Test-AcrEndpoint @probe)
$diagnosis = $config | Invoke-AcrTroubleshooter @probe -Repository $in.Repository
'@

    $script:Shapes = Invoke-AsClient ($prelude + @'

$objects = [ordered]@{
    RegistryNetworkConfig = @($config); RequiredEndpoint = $endpoints; DnsResolution = $dns
    EndpointTest = $tests; Diagnosis = @($diagnosis); Finding = @($diagnosis.Findings)
}
$views = [ordered]@{}; $csv = [ordered]@{}
foreach ($name in $objects.Keys) {
    $views[$name] = $objects[$name] | Out-String -Width 80
    $csv[$name] = @($objects[$name] | ConvertTo-Csv -NoTypeInformation)
}
'<<RESULT>>' + (ConvertTo-Json -Depth 4 -Compress -InputObject ([ordered]@{
    Views    = $views
    Csv      = $csv
    Json     = $diagnosis | ConvertTo-Json -Depth 6
    Markdown = $diagnosis.ToMarkdown()
    Urls     = @($diagnosis.Findings.DocumentationUrl)
    Verdict  = "$($diagnosis.Verdict)"
}))
'@)

    $script:Pipelines = Invoke-AsClient ($prelude + @'

$sources = [ordered]@{
    Name = @($in.Registry); LoginServer = @($in.LoginServer); RegistryNetworkConfig = @($config)
    RequiredEndpoint = $endpoints; DnsResolution = $dns; EndpointTest = $tests; Diagnosis = @($diagnosis)
    Finding = @($diagnosis.Findings | Select-Object -First 1)
}
$targets = [ordered]@{
    'Get-AcrNetworkRule' = $signedIn; 'Get-AcrEndpoint' = $azure; 'Resolve-AcrPrivateDns' = $azure
    'Test-AcrEndpoint' = $probe; 'Invoke-AcrTroubleshooter' = $probe
}
$results = foreach ($source in $sources.Keys) {
    foreach ($target in $targets.Keys) {
        $parameters = $targets[$target]
        $out = @($sources[$source] | & $target @parameters -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        [ordered]@{
            Source     = $source
            Target     = $target
            Count      = $out.Count
            Types      = @($out | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique)
            Registries = @($out | ForEach-Object { if ($_.Registry) { "$($_.Registry)" } else { "$($_.Name)" } } | Sort-Object -Unique)
            ErrorIds   = @($failures | ForEach-Object FullyQualifiedErrorId)
            Errors     = @($failures | ForEach-Object { "$_" })
        }
    }
}
$storage = @(Get-AcrEndpoint -LoginServer $in.LoginServer @azure | Test-AcrEndpoint @probe -WarningVariable storageWarnings -WarningAction SilentlyContinue)
'<<RESULT>>' + (ConvertTo-Json -Depth 4 -Compress -InputObject ([ordered]@{
    Results = @($results); StorageWarnings = @($storageWarnings | ForEach-Object Message); StorageTested = $storage.Count
}))
'@)

    # A runbook as Automation and CI run one: a script file run by pwsh -File, which must fail for real.
    $runbookPath = Join-Path $TestDrive 'runbook.ps1'
    Set-Content -LiteralPath $runbookPath -Value @'
param([string] $Encoded, [switch] $FailOnError)
$in = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Encoded)) | ConvertFrom-Json -AsHashtable
Import-Module $in.ModulePath
$diagnosis = Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.ArmToken -TimeoutSec 3 -FailOnError:$FailOnError
"verdict: $($diagnosis.Verdict); succeeded: $?"
'the next statement ran'
'@
    $script:Runbook = foreach ($fail in $false, $true) {
        $arguments = @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', $runbookPath, '-Encoded', $script:Encoded)
        if ($fail) { $arguments += '-FailOnError' }
        $run = Invoke-AcrLabCommand -Lab $script:Lab -FilePath dotnet -TimeoutSec 120 -ArgumentList $arguments
        [pscustomobject]@{ FailOnError = $fail; ExitCode = $run.ExitCode; Output = ($run.StdOut + $run.StdErr) -replace '\x1b\[[0-9;]*m' }
    }

    # A fleet in which the engine fails on one registry (a configuration whose private endpoint list holds a null).
    $script:Fleet = Invoke-AsClient @'
Import-Module $in.ModulePath
$config = Get-AcrNetworkRule -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.ArmToken -ErrorAction Stop
$broken = [AcrNetwork.RegistryNetworkConfig]@{
    Name = 'brokenreg'; LoginServer = $config.LoginServer -replace '^[^.]+', 'brokenreg'; PrivateEndpoints = [AcrNetwork.RegistryPrivateEndpoint[]]@($null)
}
$diagnoses = @($broken, $config | Invoke-AcrTroubleshooter -Environment $in.Environment -AccessToken $in.ArmToken -TimeoutSec 3 -ErrorVariable failures -ErrorAction SilentlyContinue)
'<<RESULT>>' + (ConvertTo-Json -Depth 3 -Compress -InputObject ([pscustomobject]@{
    Registries = @($diagnoses.Registry)
    ErrorIds   = @($failures.FullyQualifiedErrorId)
    Categories = @($failures | ForEach-Object { $_.CategoryInfo.Category.ToString() })
    Targets    = @($failures.TargetObject)
    Messages   = @($failures.Exception.Message)
}))
'@
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Default views at 80 columns in plain text' {
    BeforeDiscovery { $types = 'RegistryNetworkConfig', 'RequiredEndpoint', 'DnsResolution', 'EndpointTest', 'Diagnosis', 'Finding' }

    It 'renders <_> with no line wider than 80 columns' -ForEach $types {
        $Shapes.Output | Should -Not -BeNullOrEmpty -Because $Shapes.Raw
        $text = $Shapes.Output.Views.$_
        $text | Should -Not -BeNullOrEmpty
        foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 -Because "'$line'" }
    }

    It 'keeps the result visible first' {
        $views = $Shapes.Output.Views
        $views.EndpointTest | Should -Match '(?m)^Result\s+Endpoint\s+Address\s+Tcp\s+Tls\s+Http\s+Ms\s*$'
        $views.EndpointTest | Should -Match '(?m)^Failed at Http\s+Rest westus\s+192\.0\.2\.10\s+Connected\s+Trusted\s+403 DENIED\s+\d+\s*$'
        $views.DnsResolution | Should -Match '(?m)^Status\s+Endpoint\s+Resolver\s+Address\s+Scope\s+PrivateEndpoint\s+Ms\s*$'
        $views.DnsResolution | Should -Match '(?m)^Resolved\s+Rest westus\s+System\s+192\.0\.2\.10\s+Public\s'
        $views.RegistryNetworkConfig | Should -Match '(?m)^contosoiprule\s+Premium\s+Selected\s+1 IP, 0 VNet\s+Dedicated\s+westus\s*$'
        $views.RequiredEndpoint | Should -Match '(?m)^contosoiprule\.azurecr\.test\s+443\s+Rest\s+westus\s*$'
        $views.Diagnosis | Should -Match '(?m)^contosoiprule\.azurecr\.test: BLOCKED\s*$'
        $views.Diagnosis | Should -Match '(?m)^  Path:     client ok > DNS ok > proxy none > registry FAIL > data FAIL\s*$'
        $views.Diagnosis | Should -Match '(?m)^  Cause:    ClientIpNotAllowed:'
    }

    It 'never breaks a documentation link' {
        foreach ($view in $Shapes.Output.Views.Diagnosis, $Shapes.Output.Views.Finding) {
            foreach ($url in $Shapes.Output.Urls) {
                $whole = $view -match "(?m)(^|\s)$([regex]::Escape($url))\s*$"
                ($whole -or ($url.Length -gt 78 -and $view -match 'in DocumentationUrl \(wider than this view\)')) | Should -BeTrue -Because $url
            }
            foreach ($line in $view -split "`r?`n" | Where-Object { $_ -match 'https://' }) {
                $link = [regex]::Match($line, 'https://\S+').Value
                $Shapes.Output.Urls | Should -Contain $link
            }
        }
    }
}

Describe 'Serialized output' {
    It 'writes enums as names, and the duration in milliseconds as DurationMs, in ConvertTo-Json' {
        $json = $Shapes.Output.Json
        $json | Should -Match '"Verdict": "Blocked"'
        $json | Should -Match '"Severity": "Error"'
        $json | Should -Match '"Role": "Rest"'
        $json | Should -Match '"ClientNetwork": \{\s*"Source": "None"' -Because 'the client network was not examined, and says so by name'
        $json | Should -Match '"DurationMs": \d+(\.\d+)?,'
        $json | Should -Not -Match '"Duration":|"Ticks":|"TotalMilliseconds":' -Because 'durations serialize as milliseconds only'
        ($json | ConvertFrom-Json).Verdict | Should -Be $Shapes.Output.Verdict
    }

    It 'exports <_> to CSV with flat cells' -ForEach 'RegistryNetworkConfig', 'RequiredEndpoint', 'DnsResolution', 'EndpointTest', 'Diagnosis', 'Finding' {
        $rows = $Shapes.Output.Csv.$_
        $rows.Count | Should -BeGreaterThan 1
        $rows -join "`n" | Should -Not -Match 'System\.Collections|System\.String\[\]|AcrNetwork\.ClientContext'
    }

    It 'joins list cells by "; "' {
        $record = $Shapes.Output.Csv.RegistryNetworkConfig | ConvertFrom-Csv
        $record.IpRules | Should -Be '203.0.113.128/25'
        $diagnosis = $Shapes.Output.Csv.Diagnosis | ConvertFrom-Csv
        $diagnosis.Findings | Should -Match '^Error ClientIpNotAllowed: .+; Info '
    }

    It 'renders a diagnosis as Markdown for a ticket, without a token' {
        $markdown = $Shapes.Output.Markdown
        $markdown | Should -Match '^## contosoiprule\.azurecr\.test: Blocked'
        $markdown | Should -Match '\| Primary cause \| `ClientIpNotAllowed`: '
        $markdown | Should -Match '#### Error `ClientIpNotAllowed`'
        $markdown | Should -Match '### Endpoints tested'
        foreach ($token in $Tokens) { $Shapes.Raw | Should -Not -Match ([regex]::Escape($token)) }
    }
}

Describe 'Pipelines between the five cmdlets' {
    BeforeDiscovery {
        $cases = foreach ($source in 'Name', 'LoginServer', 'RegistryNetworkConfig', 'RequiredEndpoint', 'DnsResolution', 'EndpointTest', 'Diagnosis') {
            foreach ($target in 'Get-AcrNetworkRule', 'Get-AcrEndpoint', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint', 'Invoke-AcrTroubleshooter') {
                @{ Source = $source; Target = $target }
            }
        }
        $targets = 'Get-AcrNetworkRule', 'Get-AcrEndpoint', 'Resolve-AcrPrivateDns', 'Test-AcrEndpoint', 'Invoke-AcrTroubleshooter'
    }

    BeforeAll {
        $Pipelines.Output | Should -Not -BeNullOrEmpty -Because $Pipelines.Raw
        $outputType = @{
            'Get-AcrNetworkRule' = 'AcrNetwork.RegistryNetworkConfig'; 'Get-AcrEndpoint' = 'AcrNetwork.RequiredEndpoint'
            'Resolve-AcrPrivateDns' = 'AcrNetwork.DnsResolution'; 'Test-AcrEndpoint' = 'AcrNetwork.EndpointTest'
            'Invoke-AcrTroubleshooter' = 'AcrNetwork.Diagnosis'
        }
    }

    It '<Source> | <Target> binds, for the one registry' -ForEach $cases {
        $result = $Pipelines.Output.Results | Where-Object { $_.Source -eq $Source -and $_.Target -eq $Target }
        $result.ErrorIds | Should -BeNullOrEmpty -Because ($result.Errors -join '; ')
        $result.Count | Should -BeGreaterThan 0
        $result.Types | Should -Be $outputType[$Target]
        $result.Registries | Should -Be 'contosoiprule'
        if ($Target -in 'Get-AcrNetworkRule', 'Invoke-AcrTroubleshooter') {
            $result.Count | Should -Be 1 -Because 'rows of another cmdlet stand for their registry: once per registry, not per row'
        }
    }

    It 'refuses a Finding in <_>, naming the input it expects' -ForEach $targets {
        $result = $Pipelines.Output.Results | Where-Object Source -EQ 'Finding' | Where-Object Target -EQ $_
        $result.Count | Should -Be 0
        $result.ErrorIds | Should -BeLike 'UnsupportedInputObject,*'
        $result.Errors | Should -Match 'Pipe registry names or login servers'
    }

    It 'says why the storage row of Get-AcrEndpoint is not tested, and tests the rest' {
        $Pipelines.Output.StorageTested | Should -BeGreaterThan 0
        $Pipelines.Output.StorageWarnings | Should -Match '\*\.blob\.\S+ names no host to test: .* -Repository'
    }
}

Describe '-FailOnError in a script run by pwsh -File' {
    It 'exits 0 and goes on without -FailOnError, whatever the verdict' {
        $run = $Runbook | Where-Object FailOnError -EQ $false
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'verdict: Blocked; succeeded: True'
        $run.Output | Should -Match 'the next statement ran'
    }

    It 'halts the script and exits 1 with -FailOnError, naming the cause and the fix' {
        $run = $Runbook | Where-Object FailOnError -EQ $true
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Not -Match 'the next statement ran'
        $run.Output | Should -Match '(?s)contosoiprule\.azurecr\.test is Blocked: ClientIpNotAllowed: .+ Fix: '
        $run.Output | Should -Match 'ResourceUnavailable'
    }
}

Describe 'A fleet run in which one registry fails unexpectedly' {
    It 'reports that registry as an error with a stable id, category and target, and diagnoses the others' {
        $Fleet.Output | Should -Not -BeNullOrEmpty -Because $Fleet.Raw
        $Fleet.Output.Registries | Should -Be 'contosoiprule'
        $Fleet.Output.ErrorIds | Should -Be 'RegistryDiagnosisFailed,AcrNetwork.Commands.InvokeAcrTroubleshooterCommand'
        $Fleet.Output.Categories | Should -Be 'InvalidOperation'
        $Fleet.Output.Targets | Should -Be 'brokenreg.azurecr.test'
        $Fleet.Output.Messages | Should -Match '^brokenreg\.azurecr\.test could not be diagnosed: '
    }
}
