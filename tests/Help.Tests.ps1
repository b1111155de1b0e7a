#requires -Modules Pester
# Get-Help as a user reads it: generated at build from docs/help/*.md into the built module.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $cmdlets = @(Get-Command -Module AcrNetwork -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuiltModulePath) -Force
    $root = Get-RepositoryRoot
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $projectUri = (Import-PowerShellDataFile (Join-Path $root 'AcrNetwork.psd1')).PrivateData.PSData.ProjectUri

    # What a user sees in a fresh session, one block per cmdlet.
    $rendered = Invoke-ChildPwsh -Script @"
Import-Module '$(Get-BuiltModulePath)'
foreach (`$name in (Get-Command -Module AcrNetwork -CommandType Cmdlet).Name) {
    "=== `$name -Full"
    Get-Help `$name -Full | Out-String -Width 200
    "=== `$name -Examples"
    Get-Help `$name -Examples | Out-String -Width 200
}
"@
    function Get-RenderedHelp([string] $Name, [string] $View) {
        $start = $rendered.StdOut.IndexOf("=== $Name $View")
        $end = $rendered.StdOut.IndexOf('=== ', $start + 4)
        if ($end -lt 0) { $end = $rendered.StdOut.Length }
        $rendered.StdOut.Substring($start, $end - $start)
    }
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $markdown = Join-Path $root "docs/help/$Name.md"
    }

    It 'shows synopsis, description, parameters, inputs, outputs, notes, examples and links with Get-Help -Full in a fresh session' {
        $rendered.ExitCode | Should -Be 0 -Because $rendered.StdErr
        $full = Get-RenderedHelp $Name '-Full'

        $full | Should -Match "SYNOPSIS\s+$([regex]::Escape($help.Synopsis.Substring(0, 30)))"
        $full | Should -Match "DESCRIPTION\s+\S"
        $full | Should -Match "PARAMETERS\s+-"
        $full | Should -Match "INPUTS\s+\S"
        $full | Should -Match "OUTPUTS\s+\S"
        $full | Should -Match "NOTES\s+\S"
        $full | Should -Match 'Example 1: '
        $full | Should -Match "RELATED LINKS\s+Online Version: $([regex]::Escape($command.HelpUri))"
        $full | Should -Match 'about_AcrNetwork'
        $full | Should -Match ([regex]::Escape("$projectUri/blob/main/docs/findings.md"))
        $full | Should -Not -Match '\{\{|TODO|Fill in'
    }

    It 'shows at least three examples with what each does with Get-Help -Examples' {
        $examples = Get-RenderedHelp $Name '-Examples'

        ([regex]::Matches($examples, '-{5,} Example \d+: ')).Count | Should -BeGreaterOrEqual 3
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        foreach ($example in $help.examples.example) {
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because $example.title
            $example.code | Should -Match ([regex]::Escape($Name)) -Because "$($example.title) shows the cmdlet itself"
        }
    }

    It 'has examples that parse without errors' {
        foreach ($example in $help.examples.example) {
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "$Name $($example.title) must parse: $($errors.Message -join '; ')"
        }
    }

    It 'documents every parameter the cmdlet has' {
        $parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        $parameters | Should -Not -BeNullOrEmpty

        foreach ($parameter in $parameters) {
            $parameterHelp = Get-Help $Name -Parameter $parameter -ErrorAction SilentlyContinue
            ($parameterHelp.description.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a '### -$parameter' section in docs/help/$Name.md"
        }
        $documented = [regex]::Matches((Get-Content -Raw $markdown), '(?m)^### -(\w+)\s*$').ForEach({ $_.Groups[1].Value })
        $documented | Where-Object { $_ -notin $parameters } | Should -BeNullOrEmpty -Because 'the markdown documents only parameters the cmdlet has'
    }

    It 'describes the type it outputs and takes input types from its markdown' {
        $outputs = @($help.returnValues.returnValue.type.name)
        foreach ($type in $command.OutputType.Name) { $outputs | Should -Contain $type }
        @($help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        ($help.alertSet.alert.Text -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'points Get-Help -Online at its page in the repository (the manifest''s ProjectUri)' {
        $command.HelpUri | Should -Be "$projectUri/blob/main/docs/help/$Name.md"
        $markdown | Should -Exist
        @($help.relatedLinks.navigationLink)[0].uri | Should -Be $command.HelpUri
    }

    It 'links about_AcrNetwork and the finding codes' {
        $links = @($help.relatedLinks.navigationLink)

        $links.linkText | Should -Contain 'about_AcrNetwork'
        $links.uri | Should -Contain "$projectUri/blob/main/docs/findings.md"
    }
}

Describe 'about_AcrNetwork' {
    It 'is found by Get-Help, by name and by a wildcard' {
        (Get-Help about_AcrNetwork | Out-String) | Should -Match 'Invoke-AcrTroubleshooter'
        @(Get-Help about_Acr*).Name | Should -Contain 'about_AcrNetwork'
    }

    It 'is shipped with the generated cmdlet help' {
        Join-Path (Get-BuiltModulePath) 'en-US/about_AcrNetwork.help.txt' | Should -Exist
        Join-Path (Get-BuiltModulePath) 'en-US/AcrNetwork.Commands.dll-Help.xml' | Should -Exist
    }
}

Describe 'README' {
    It 'has PowerShell examples that parse' {
        $blocks = [regex]::Matches((Get-Content -Raw (Join-Path $root 'README.md')), '(?ms)^(?<indent>[ ]*)```powershell\r?\n(?<code>.*?)^\k<indent>```')
        $blocks.Count | Should -BeGreaterOrEqual 8

        foreach ($block in $blocks) {
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($block.Groups['code'].Value, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "README block must parse: $($block.Groups['code'].Value)"
        }
    }
}
