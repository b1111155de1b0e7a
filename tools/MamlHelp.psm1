# Builds the cmdlets' MAML help from docs/help/<Cmdlet>.md (the format is described in docs/help/README.md).
# The markdown holds the prose; syntax and parameter attributes come from the loaded cmdlets themselves,
# so they can never disagree with the code.

$script:Sections = 'Synopsis', 'Description', 'Parameters', 'Inputs', 'Outputs', 'Notes', 'Examples', 'Related Links'

function ConvertFrom-HelpMarkdown {
    <#
    .SYNOPSIS
    Reads one cmdlet's help markdown into an object: Name, Synopsis, Description, Parameters (name to
    text), Inputs and Outputs (type and text), Notes, Examples (title, code, remarks) and Links (text, uri).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)
    process {
        $lines = @(Get-Content -LiteralPath $Path)
        function Stop-Reading([int] $Index, [string] $Message) { throw "${Path}:$($Index + 1): $Message" }

        if ($lines.Count -eq 0 -or $lines[0] -notmatch '^# (\S+)\s*$') { Stop-Reading 0 "the file must start with '# <Cmdlet-Name>'." }
        $help = [ordered]@{
            Name = $Matches[1]; Synopsis = ''; Description = ''; Notes = ''
            Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Examples = @(); Links = @()
        }

        # Split into '## Section' blocks, each holding '### Item' blocks where the section has items.
        $blocks = [System.Collections.Generic.List[object]]::new()
        $inFence = $false
        for ($i = 1; $i -lt $lines.Count; $i++) {
            $line = $lines[$i]
            if ($line -match '^```') { $inFence = -not $inFence }
            if (-not $inFence -and $line -match '^## (.+?)\s*$') {
                $blocks.Add([pscustomobject]@{ Section = $Matches[1]; Line = $i; Items = [System.Collections.Generic.List[object]]::new(); Body = [System.Collections.Generic.List[string]]::new() })
            }
            elseif (-not $inFence -and $line -match '^### (.+?)\s*$') {
                if ($blocks.Count -eq 0) { Stop-Reading $i "'###' before any '##' section." }
                $blocks[-1].Items.Add([pscustomobject]@{ Title = $Matches[1]; Line = $i; Body = [System.Collections.Generic.List[string]]::new() })
            }
            elseif ($blocks.Count -gt 0) {
                if ($blocks[-1].Items.Count) { $blocks[-1].Items[-1].Body.Add($line) } else { $blocks[-1].Body.Add($line) }
            }
            elseif ($line.Trim()) { Stop-Reading $i "text before the first '##' section." }
        }
        if ($inFence) { Stop-Reading ($lines.Count - 1) 'a code fence is not closed.' }

        $names = @($blocks.Section)
        if (($names -join '|') -cne ($script:Sections -join '|')) {
            Stop-Reading 0 "the sections must be, in this order: $($script:Sections -join ', '); found: $($names -join ', ')."
        }

        foreach ($block in $blocks) {
            $text = ConvertTo-HelpParagraph $block.Body
            if ($block.Section -in 'Synopsis', 'Description', 'Notes') {
                if ($block.Items.Count -or -not $text) { Stop-Reading $block.Line "'$($block.Section)' needs text and no '###' items." }
                $help[$block.Section] = $text -join "`n`n"
                continue
            }
            if ($block.Section -eq 'Related Links') {
                foreach ($line in $block.Body | Where-Object { $_.Trim() }) {
                    if ($line -match '^- \[(?<text>[^\]]+)\]\((?<uri>[^)]+)\)\s*$') { $help.Links += [pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri } }
                    elseif ($line -match '^- (?<text>\S.*?)\s*$') { $help.Links += [pscustomobject]@{ Text = $Matches.text; Uri = '' } }
                    else { Stop-Reading $block.Line "each related link is a line '- [text](uri)' or '- Command-Name'; found '$line'." }
                }
                continue
            }
            if ($text) { Stop-Reading $block.Line "'$($block.Section)' holds only '###' items." }
            foreach ($item in $block.Items) {
                $itemText = ConvertTo-HelpParagraph $item.Body
                switch ($block.Section) {
                    'Parameters' {
                        if ($item.Title -notmatch '^-(\w+)$') { Stop-Reading $item.Line "a parameter heading is '### -Name'; found '$($item.Title)'." }
                        if (-not $itemText) { Stop-Reading $item.Line "-$($Matches[1]) has no description." }
                        $help.Parameters[$Matches[1]] = $itemText -join "`n`n"
                    }
                    { $_ -in 'Inputs', 'Outputs' } {
                        if (-not $itemText) { Stop-Reading $item.Line "$($item.Title) has no description." }
                        $help[$_] += [pscustomobject]@{ Type = $item.Title; Description = $itemText -join "`n`n" }
                    }
                    'Examples' {
                        $fenceStart = $item.Body.FindIndex([Predicate[string]] { param($l) $l -match '^```powershell\s*$' })
                        $fenceEnd = if ($fenceStart -ge 0) { $item.Body.FindIndex($fenceStart + 1, [Predicate[string]] { param($l) $l -match '^```\s*$' }) } else { -1 }
                        if ($fenceStart -lt 0 -or $fenceEnd -lt 0) { Stop-Reading $item.Line "example '$($item.Title)' needs a '``````powershell' code block." }
                        $remarks = ConvertTo-HelpParagraph $item.Body.GetRange($fenceEnd + 1, $item.Body.Count - $fenceEnd - 1)
                        if (-not $remarks) { Stop-Reading $item.Line "example '$($item.Title)' needs text after its code saying what it does." }
                        $help.Examples += [pscustomobject]@{
                            Title   = $item.Title
                            Code    = $item.Body.GetRange($fenceStart + 1, $fenceEnd - $fenceStart - 1) -join "`n"
                            Remarks = $remarks -join "`n`n"
                        }
                    }
                }
            }
        }
        [pscustomobject]$help
    }
}

function ConvertTo-HelpParagraph {
    # Markdown to console paragraphs: lines joined, list items and code blocks kept as they are,
    # `code` unquoted and [text](uri) written as "text (uri)".
    param([AllowEmptyCollection()] [string[]] $Line = @())
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = { if ($current.Count) { $paragraphs.Add($current -join $(if ($inFence -or $current[0] -match '^\s') { "`n" } else { ' ' })); $current.Clear() } }
    foreach ($text in $Line) {
        if ($text -match '^```') {
            & $flush
            $inFence = -not $inFence
            continue
        }
        if ($inFence) { $current.Add("    $text"); continue }
        if (-not $text.Trim()) { & $flush; continue }
        if ($text -match '^\s*[-*] ' -and $current.Count) { & $flush }
        $current.Add(($text.Trim() -replace '`([^`]+)`', '$1' -replace '\[([^\]]+)\]\(([^)]+)\)', '$1 ($2)'))
    }
    & $flush
    , $paragraphs.ToArray()
}

function Get-DefaultValue($Instance, [string] $Name) {
    $value = if ($Instance) { $Instance.$Name }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return "$($value.IsPresent)" }
    if ($null -eq $value -or "$value" -eq '' -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
    "$value"
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Writes the MAML help of the given cmdlets from their markdown help: one helpItems document.
    .PARAMETER Help
    Objects from ConvertFrom-HelpMarkdown, one per cmdlet.
    .PARAMETER Command
    The cmdlets (Get-Command), for syntax, parameter attributes and HelpUri.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [object[]] $Help,
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo[]] $Command
    )
    $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $buffer = [System.IO.StringWriter]::new()
    $xml = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

    function Write-Para([string] $Text) {
        foreach ($paragraph in $Text -split "`n`n") { $xml.WriteElementString('para', $maml, $paragraph) }
    }
    function Write-Description([string] $Text) {
        $xml.WriteStartElement('description', $maml); Write-Para $Text; $xml.WriteEndElement()
    }
    function Write-Type([string] $Name) {
        $xml.WriteStartElement('type', $dev); $xml.WriteElementString('name', $maml, $Name); $xml.WriteEndElement()
    }
    function Write-Parameter($Parameter, [object[]] $Sets, [string] $Text) {
        $mandatory = @($Sets | ForEach-Object { $_.IsMandatory } | Select-Object -Unique)
        $positions = @($Sets | Where-Object Position -GE 0 | ForEach-Object Position | Select-Object -Unique)
        $pipeline = @(
            if ($Sets.ValueFromPipeline -contains $true) { 'ByValue' }
            if ($Sets.ValueFromPipelineByPropertyName -contains $true) { 'ByPropertyName' }
        )
        $switch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
        $xml.WriteStartElement('parameter', $cmd)
        $xml.WriteAttributeString('required', $(if ($mandatory.Count -eq 1) { "$($mandatory[0])".ToLowerInvariant() } else { 'true (some parameter sets)' }))
        $xml.WriteAttributeString('variableLength', "$($Parameter.ParameterType.IsArray)".ToLowerInvariant())
        $xml.WriteAttributeString('globbing', "$([bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
        $xml.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
        $xml.WriteAttributeString('position', $(if ($positions.Count -eq 1) { "$($positions[0])" } else { 'named' }))
        $xml.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
        $xml.WriteElementString('name', $maml, $Parameter.Name)
        Write-Description $Text
        if (-not $switch) {
            $xml.WriteStartElement('parameterValue', $cmd)
            $xml.WriteAttributeString('required', 'true')
            $xml.WriteAttributeString('variableLength', "$($Parameter.ParameterType.IsArray)".ToLowerInvariant())
            $xml.WriteString($Parameter.ParameterType.Name)
            $xml.WriteEndElement()
        }
        Write-Type $Parameter.ParameterType.FullName
        $xml.WriteElementString('defaultValue', $dev, (Get-DefaultValue $Defaults $Parameter.Name))
        $xml.WriteEndElement()
    }

    $xml.WriteStartDocument()
    $xml.WriteStartElement('helpItems', 'http://msh')
    $xml.WriteAttributeString('schema', 'maml')
    foreach ($info in $Command) {
        $doc = $Help | Where-Object Name -EQ $info.Name
        if (-not $doc) { throw "$($info.Name) has no help markdown." }
        $own = @($info.Parameters.Values | Where-Object Name -NotIn $common)
        $unknown = @($doc.Parameters.Keys | Where-Object { $_ -notin $own.Name })
        if ($unknown) { throw "The help of $($info.Name) documents parameters it does not have: -$($unknown -join ', -')." }
        foreach ($missing in $own.Name | Where-Object { -not $doc.Parameters.Contains($_) }) {
            Write-Warning "$($info.Name) -$missing is not documented in its help markdown."
        }
        $verb, $noun = $info.Name -split '-', 2
        # A new instance of a cmdlet holds each parameter's default, as its code sets it.
        $Defaults = if ($info -is [System.Management.Automation.CmdletInfo]) { [Activator]::CreateInstance($info.ImplementingType) }

        $xml.WriteStartElement('command', 'command', $cmd)
        $xml.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $xml.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $xml.WriteStartElement('details', $cmd)
        $xml.WriteElementString('name', $cmd, $info.Name)
        $xml.WriteElementString('verb', $cmd, $verb)
        $xml.WriteElementString('noun', $cmd, $noun)
        Write-Description $doc.Synopsis
        $xml.WriteEndElement()
        Write-Description $doc.Description

        $xml.WriteStartElement('syntax', $cmd)
        foreach ($set in $info.ParameterSets) {
            $xml.WriteStartElement('syntaxItem', $cmd)
            $xml.WriteElementString('name', $maml, $info.Name)
            $ordered = $set.Parameters | Where-Object Name -NotIn $common |
                Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.IsMandatory } }
            foreach ($parameter in $ordered) {
                Write-Parameter $info.Parameters[$parameter.Name] @($parameter) $doc.Parameters[$parameter.Name]
            }
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()

        $xml.WriteStartElement('parameters', $cmd)
        foreach ($parameter in $own) {
            $sets = @($info.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $parameter.Name })
            Write-Parameter $parameter $sets $doc.Parameters[$parameter.Name]
        }
        $xml.WriteEndElement()

        foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
            $xml.WriteStartElement($kind[0], $cmd)
            foreach ($entry in $doc.($kind[2])) {
                $xml.WriteStartElement($kind[1], $cmd)
                Write-Type $entry.Type
                Write-Description $entry.Description
                $xml.WriteEndElement()
            }
            $xml.WriteEndElement()
        }

        $xml.WriteStartElement('alertSet', $maml)
        $xml.WriteStartElement('alert', $maml); Write-Para $doc.Notes; $xml.WriteEndElement()
        $xml.WriteEndElement()

        $xml.WriteStartElement('examples', $cmd)
        foreach ($example in $doc.Examples) {
            $xml.WriteStartElement('example', $cmd)
            $xml.WriteElementString('title', $maml, "--------- $($example.Title) ---------")
            $xml.WriteElementString('code', $dev, $example.Code)
            # The empty paragraph separates one example from the next in the console.
            $xml.WriteStartElement('remarks', $dev); Write-Para "$($example.Remarks)`n`n"; $xml.WriteEndElement()
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()

        # The online version first: Get-Help -Online opens the first link that has a URI. Relative
        # links in the markdown are resolved against it, as a browser would.
        $xml.WriteStartElement('relatedLinks', $cmd)
        $links = @(if ($info.HelpUri) { [pscustomobject]@{ Text = 'Online Version:'; Uri = $info.HelpUri } }) + @($doc.Links)
        foreach ($link in $links) {
            $uri = if ($link.Uri -and $info.HelpUri) { [uri]::new([uri]$info.HelpUri, $link.Uri).AbsoluteUri } else { $link.Uri }
            $xml.WriteStartElement('navigationLink', $maml)
            $xml.WriteElementString('linkText', $maml, $link.Text)
            $xml.WriteElementString('uri', $maml, $uri)
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()
    $xml.WriteEndDocument()
    $xml.Dispose()
    $buffer.ToString()
}

function Export-MamlHelp {
    <#
    .SYNOPSIS
    Writes <assembly>-Help.xml for a loaded module's cmdlets from the markdown files in a folder.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $MarkdownPath,
        [Parameter(Mandatory)] [string] $ModuleName,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    $commands = @(Get-Command -Module $ModuleName -CommandType Cmdlet | Sort-Object Name)
    $help = Get-ChildItem -LiteralPath $MarkdownPath -Filter '*-*.md' | ConvertFrom-HelpMarkdown
    $orphans = @($help.Name | Where-Object { $_ -notin $commands.Name })
    if ($orphans) { throw "Help markdown for commands the module does not have: $($orphans -join ', ')." }
    foreach ($file in $commands | Group-Object HelpFile) {
        $target = Join-Path $OutputPath $file.Name
        Set-Content -LiteralPath $target -Value (ConvertTo-MamlHelp -Help $help -Command $file.Group) -Encoding utf8NoBOM
        Write-Verbose "Help: $target"
    }
}

Export-ModuleMember -Function ConvertFrom-HelpMarkdown, ConvertTo-MamlHelp, Export-MamlHelp
