#requires -Modules Pester
# What a diagnosis leaves behind, as the lab's client: Ctrl+C while every probe and the ARM read hang, and
# the resources of 200 diagnoses in one session. The precise figures (stop time, 1,000 diagnoses) are
# benchmarks in bench/. Needs root, like the lab.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'lab/AcrLab.psm1') -Force
    Install-AcrLabPrerequisite
    $modulePath = Get-BuiltModulePath
}

Describe 'Stopping a diagnosis whose probes and ARM read hang' {
    BeforeAll {
        # The firewall drops every packet to the registry and its storage; ARM accepts the registry's request and never answers.
        $result = & (Join-Path $PSScriptRoot '../bench/Stop.Bench.ps1') -ModulePath $modulePath -Runs 1 -ResultPath (Join-Path $TestDrive 'stop.md') -PassThru 6>$null
    }

    It 'was stopped while the ARM request and the probes were both waiting' {
        $result | Should -Not -BeNullOrEmpty
        $result.Running | Should -BeTrue
        $result.ArmInFlight | Should -BeGreaterThan 0 -Because 'the ARM request was sent on an established connection'
        $result.ProbesInFlight | Should -BeGreaterThan 0 -Because 'the probes were waiting on dropped SYNs'
        $result.State | Should -Be 'Stopped'
    }

    It 'ends within a second' {
        $result.StopMs | Should -BeLessThan 1000
    }

    It 'leaves no connection open and no process behind within a second' {
        $result.Sockets | Should -BeLessOrEqual $result.Before -Because "these were still open: $(@($result.Left) -join '; ')"
        $result.ReleasedMs | Should -BeLessThan 1000
        @($result.Left) | Should -BeNullOrEmpty
        @($result.Children) | Should -BeNullOrEmpty
    }
}

Describe '200 diagnoses in one session' {
    BeforeAll {
        $samples = & (Join-Path $PSScriptRoot '../bench/Soak.Bench.ps1') -ModulePath $modulePath -Diagnoses 200 -Every 50 -ResultPath (Join-Path $TestDrive 'soak.md') -PassThru 6>$null
        $warm = $samples | Where-Object Diagnoses -EQ 50
        $last = $samples | Where-Object Diagnoses -EQ 200
    }

    It 'ran every diagnosis' {
        ($last.Verdicts.PSObject.Properties.Value | Measure-Object -Sum).Sum | Should -Be 200
    }

    # Looser than the benchmark's bound (bench/results/soak.md): a shared machine adds noise over 150 diagnoses.
    It 'keeps the working set under 300 MB, growing less than 60 MB after the first 50' {
        $last.WorkingSetMB | Should -BeLessThan 300
        ($last.WorkingSetMB - $warm.WorkingSetMB) | Should -BeLessThan 60
    }

    It 'keeps the managed heap under 32 MB' {
        $last.HeapMB | Should -BeLessThan 32
    }

    It 'holds no more file descriptors, sockets or threads than after the first 50, give or take a few' {
        $last.Descriptors | Should -BeLessOrEqual ($warm.Descriptors + 8)
        $last.Sockets | Should -BeLessOrEqual ($warm.Sockets + 4)
        $last.Threads | Should -BeLessOrEqual ($warm.Threads + 8)
    }
}
