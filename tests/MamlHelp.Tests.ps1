#requires -Modules Pester
# tools/MamlHelp.psm1: the build's help generator, on small markdown files and a script cmdlet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepositoryRoot) 'tools/MamlHelp.psm1') -Force

    function New-HelpMarkdown {
        param([string] $Parameters = "### -Name`n`nThe name.", [string] $Omit)
        $sections = [ordered]@{
            'Synopsis'      = 'Greets someone.'
            'Description'   = "First paragraph`ncontinued with ``code``.`n`nSecond paragraph, see [the docs](https://example.invalid/docs)."
            'Parameters'    = $Parameters
            'Inputs'        = "### System.String`n`nA name."
            'Outputs'       = "### System.String`n`nA greeting."
            'Notes'         = 'Nothing to note.'
            'Examples'      = "### Example 1: Greet`n`n``````powershell`nGet-Greeting -Name World`n```````n`nGreets the world."
            'Related Links' = "- about_Greeting`n- [Codes](../codes.md)"
        }
        $text = "# Get-Greeting`n`n" + (($sections.Keys | Where-Object { $_ -ne $Omit } | ForEach-Object { "## $_`n`n$($sections[$_])`n" }) -join "`n")
        $path = Join-Path $TestDrive 'Get-Greeting.md'
        Set-Content -LiteralPath $path -Value $text
        $path
    }

    function Get-Greeting {
        [CmdletBinding(HelpUri = 'https://example.invalid/help/Get-Greeting.md')]
        [OutputType([string])]
        param([Parameter(Mandatory, Position = 0, ValueFromPipeline)] [string] $Name, [switch] $Loud)
        process { "Hello $Name" }
    }
}

Describe 'ConvertFrom-HelpMarkdown' {
    It 'reads every section, joins paragraph lines and writes code and links plainly' {
        $help = ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown)

        $help.Name | Should -Be 'Get-Greeting'
        $help.Synopsis | Should -Be 'Greets someone.'
        $help.Description | Should -Be "First paragraph continued with code.`n`nSecond paragraph, see the docs (https://example.invalid/docs)."
        $help.Parameters['Name'] | Should -Be 'The name.'
        $help.Inputs.Type | Should -Be 'System.String'
        $help.Examples[0].Title | Should -Be 'Example 1: Greet'
        $help.Examples[0].Code | Should -Be 'Get-Greeting -Name World'
        $help.Examples[0].Remarks | Should -Be 'Greets the world.'
        $help.Links.Text | Should -Be @('about_Greeting', 'Codes')
        $help.Links.Uri | Should -Be @('', '../codes.md')
    }

    It 'refuses a file without one of the sections, naming the sections it needs' {
        { ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown -Omit Notes) } | Should -Throw '*sections must be*Notes*'
    }

    It 'refuses a parameter without a description, naming the file and line' {
        { ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown -Parameters "### -Name`n`n### -Loud`n`nLouder.") } | Should -Throw '*Get-Greeting.md:*-Name has no description*'
    }
}

Describe 'ConvertTo-MamlHelp' {
    It 'writes MAML with the syntax and parameter attributes of the command and the prose of the markdown' {
        $help = ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown -Parameters "### -Name`n`nThe name.`n`n### -Loud`n`nLouder.")
        [xml] $maml = ConvertTo-MamlHelp -Help $help -Command (Get-Command Get-Greeting)
        $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')

        $name = $maml.SelectSingleNode('//command:parameters/command:parameter[maml:name="Name"]', $ns)
        $name.required | Should -Be 'true'
        $name.position | Should -Be '0'
        $name.pipelineInput | Should -Be 'True (ByValue)'
        $name.description.para | Should -Be 'The name.'
        $maml.SelectSingleNode('//command:syntaxItem/command:parameter[maml:name="Loud"]/command:parameterValue', $ns) | Should -BeNullOrEmpty
        $links = $maml.SelectNodes('//maml:navigationLink', $ns)
        $links[0].uri | Should -Be 'https://example.invalid/help/Get-Greeting.md'
        $links[2].uri | Should -Be 'https://example.invalid/codes.md'
    }

    It 'warns about a parameter the markdown does not document' {
        $help = ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown)

        $null = ConvertTo-MamlHelp -Help $help -Command (Get-Command Get-Greeting) -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*Get-Greeting -Loud is not documented*'
    }

    It 'refuses markdown documenting a parameter the command does not have' {
        $help = ConvertFrom-HelpMarkdown -Path (New-HelpMarkdown -Parameters "### -Name`n`nThe name.`n`n### -Loud`n`nLouder.`n`n### -Quiet`n`nGone.")

        { ConvertTo-MamlHelp -Help $help -Command (Get-Command Get-Greeting) } | Should -Throw '*does not have: -Quiet*'
    }
}
