#Requires -Version 7.4
# Invoke-AcrTroubleshooter asked about an AKS cluster, as the client of every lab scenario that has one: given
# -AksClusterId, and given the cluster as `az aks show -o json` prints it (piped as text, and as the object
# ConvertFrom-Json makes of it), which is judged against the registries its kubelet identity holds a role on. Each
# way gives the diagnosis the scenario declares with the configuration readable, naming the cluster's node pools.
# The built module runs in a fresh pwsh inside the client namespace. Needs root.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    $cases = @(Get-AcrLabScenario | Where-Object Aks | ForEach-Object {
            foreach ($way in 'AksClusterId', 'AzAksShowText', 'AzAksShowObject') { @{ Name = $_.Name; Way = $way } }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $clientScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
function Summary([object[]] $diagnoses, [object[]] $errors) {
    $diagnosis = $diagnoses | Select-Object -First 1
    [ordered]@{
        Count           = @($diagnoses).Count
        Errors          = @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
        Registry        = $diagnosis.Registry
        Verdict         = "$($diagnosis.Verdict)"
        Findings        = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Severity = "$($_.Severity)"; Summary = $_.Summary; Remediation = $_.Remediation } })
        Cluster         = "$($diagnosis.AksCluster)"
        NodePoolNetworks = @($diagnosis.NodePoolNetworks)
        NotChecked      = @($diagnosis.NotChecked)
    }
}
# What `az aks show -o json` prints: the ARM resource with its properties at the top level and its resource group added.
$headers = @{ Authorization = "Bearer $($in.ArmToken)" }
$resource = Invoke-RestMethod -Uri "$($in.Environment.ResourceManagerUrl.TrimEnd('/'))$($in.AksClusterId)?api-version=2026-08-01" -Headers $headers
$show = [ordered]@{}
foreach ($property in $resource.properties.PSObject.Properties) { $show[$property.Name] = $property.Value }
foreach ($name in 'id', 'identity', 'location', 'name', 'type') { $show[$name] = $resource.$name }
$show.resourceGroup = ($resource.id -split '/')[4]
$azAksShow = ConvertTo-Json -InputObject $show -Depth 20

$common = @{ Environment = $in.Environment; AccessToken = $in.ArmToken; Repository = $in.Repository; TimeoutSec = $in.TimeoutSec }
$result = [ordered]@{}
$errors = @()
$result.AksClusterId = Summary @(Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -AksClusterId $in.AksClusterId @common -ErrorVariable errors -ErrorAction SilentlyContinue) $errors
$result.AzAksShowText = Summary @($azAksShow -split "`n" | Invoke-AcrTroubleshooter @common -ErrorVariable errors -ErrorAction SilentlyContinue) $errors
$result.AzAksShowObject = Summary @($azAksShow | ConvertFrom-Json | Invoke-AcrTroubleshooter @common -ErrorVariable errors -ErrorAction SilentlyContinue) $errors
'<<RESULT>>' + (ConvertTo-Json -InputObject $result -Depth 4 -Compress)
'@

    $script:Measured = Invoke-AcrLabScenario -Scenario (Get-AcrLabScenario | Where-Object Aks | ForEach-Object Name) -Context @{ ClientScript = $clientScript } -Measure {
        param($lab, $context)
        $run = Invoke-AcrLabClient -Lab $lab -TimeoutSec 180 -Script $context.ClientScript -InputObject @{ AksClusterId = $lab.AksClusterId; TimeoutSec = 3 }
        [pscustomobject]@{
            Output    = $run.Output
            RawOutput = $run.Raw
            Tokens    = @($lab.ArmAccessToken, $lab.PullAccessToken)
        }
    }
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter about the AKS cluster of scenario <Name>, given by <Way>' -ForEach $cases {
    BeforeAll {
        $measured = $script:Measured[$Name]
        $scenario = Get-AcrLabScenario -Name $Name
        $expected = $scenario.Expected.WithConfig
        $run = $measured.Output.$Way
        $problems = @($run.Findings | Where-Object Severity -NE 'Info')
    }

    It 'diagnoses the one registry the cluster pulls from' {
        $measured.Error | Should -BeNullOrEmpty
        $run | Should -Not -BeNullOrEmpty -Because $measured.RawOutput
        $run.Errors | Should -BeNullOrEmpty
        $run.Count | Should -Be 1
        $run.Registry | Should -Be $scenario.Registry
        $run.Cluster | Should -Be $scenario.Aks.Name
    }

    It 'gives the verdict and the primary finding the scenario declares, naming what it declares' {
        $codes = @($run.Findings | ForEach-Object { "$($_.Code) ($($_.Severity))" }) -join ', '
        $run.Verdict | Should -Be $expected.Verdict -Because "the findings were: $codes"
        $primary = if ($problems.Count -gt 0) { $problems[0].Code }
        $primary | Should -Be $expected.PrimaryFinding -Because "the findings were: $codes"
        foreach ($name in @($expected['PrimaryNames'] | Where-Object { $_ })) { $problems[0].Summary | Should -BeLike "*$name*" }
        if ($expected['PrimaryFix']) { $problems[0].Remediation | Should -BeLike "*$($expected.PrimaryFix)*" }
    }

    It 'examines the node pool''s subnet when the cluster runs in the client''s, and says what it did not examine' {
        if ($scenario.ClientNetwork) {
            @($run.NodePoolNetworks) -join "`n" | Should -Match '^nodepool1: \S+/subnets/workloads \(the subnet of AKS cluster'
        }
        else {
            ($run.NotChecked -join "`n") | Should -Match "node pools nodepool1 \(.*/subnets/nodes\)"
        }
        $outbound = if ($scenario.ClientNetwork -and $scenario.ClientNetwork['Firewall']) { 'userDefinedRouting' } else { 'loadBalancer' }
        ($run.NotChecked -join "`n") | Should -Match "outbound type $outbound"
        ($run.NotChecked -join "`n") | Should -Match 'changes? nothing for pulls'
    }

    It 'never shows a token' {
        foreach ($token in $measured.Tokens) { "$($measured.RawOutput)" | Should -Not -Match ([regex]::Escape($token)) }
        "$($measured.RawOutput)" | Should -Not -Match 'eyJ' -Because 'every lab token (ARM, refresh, access) is a JWT'
    }
}
