#Requires -Version 7.4
# Resolvers that disagree, from the client of one lab scenario (healthy-private-endpoint): the client's own resolver
# gives the private endpoint's addresses, the lab's public DNS server (given with -DnsServer) the public ones. The
# diagnosis must say the private endpoint's address is right and that the public server is the one to fix. The built
# module runs in a fresh pwsh inside the client namespace. Needs root.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'LabSuite.psm1') -Force

    $script:Lab = Start-AcrLabSuite -Scenario healthy-private-endpoint
    $script:PublicDns = $Lab.DnsServers.Public
    $script:PrivateAddress = ($Lab.Endpoints | Where-Object { $_.Fqdn -eq $Lab.LoginServer -and $_.PrivateAddress }).PrivateAddress
    $run = Invoke-AcrLabClient -Lab $script:Lab -InputObject @{
        Token       = $Lab.ArmAccessToken
        DnsServer   = $script:PublicDns
    } -Script @'
$ErrorActionPreference = 'Stop'
Import-Module $in.ModulePath
$diagnosis = Invoke-AcrTroubleshooter -LoginServer $in.LoginServer -Environment $in.Environment -AccessToken $in.Token -DnsServer $in.DnsServer -TimeoutSec 3
'<<RESULT>>' + (ConvertTo-Json -Depth 4 -Compress -InputObject ([ordered]@{
    Verdict  = "$($diagnosis.Verdict)"
    Findings = @($diagnosis.Findings | ForEach-Object { [ordered]@{ Code = $_.Code; Scope = "$($_.Scope)"; Target = $_.Target; Evidence = @($_.Evidence); Remediation = $_.Remediation } })
}))
'@
    $script:Raw = $run.Raw
    $script:Result = $run.Output
}

AfterAll {
    Stop-AcrLabSuite
}

Describe 'Invoke-AcrTroubleshooter with a -DnsServer that answers public for a private registry' {
    It 'warns that the resolvers disagree, and the client still pulls' {
        $Result | Should -Not -BeNullOrEmpty -Because $Raw
        $Result.Verdict | Should -Be 'Degraded'
        $Result.Findings[0].Code | Should -Be 'DnsResolversDisagree'
        $Result.Findings[0].Scope | Should -Be 'Registry'
    }

    It 'says the private endpoint''s address is right and the public server is the one to fix' {
        $finding = $Result.Findings | Where-Object Code -EQ 'DnsResolversDisagree'
        $PrivateAddress | Should -Not -BeNullOrEmpty
        $finding.Target | Should -Match ([regex]::Escape($Lab.LoginServer))
        $finding.Evidence | Should -Contain "$($Lab.LoginServer): the right answer is $PrivateAddress (the private endpoint's address for $($Lab.LoginServer), from its network interface)."
        $finding.Remediation | Should -Match ([regex]::Escape("Fix the DNS server $PublicDns for $($Lab.LoginServer)"))
        $finding.Remediation | Should -Not -Match 'system resolver'
    }
}
