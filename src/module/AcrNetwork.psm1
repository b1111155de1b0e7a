# The module's assemblies load into a context of their own (AcrNetwork.Loader), so the Azure SDK
# copies that Az.Accounts and other modules bring never meet the module's: import order never matters.

if ($PSVersionTable.PSEdition -ne 'Core' -or $PSVersionTable.PSVersion -lt [version]'7.4') {
    throw "AcrNetwork needs PowerShell 7.4 or later; this session is $($PSVersionTable.PSEdition) $($PSVersionTable.PSVersion). Install PowerShell 7 (https://aka.ms/powershell) and import the module from pwsh."
}

$loaderTypeName = 'AcrNetwork.Loader.LoadContext'
$isReload = [bool]($loaderTypeName -as [type])
if (-not $isReload) {
    # What Add-Type -LiteralPath does, without a cmdlet's first-call cost at every import.
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'bin', 'AcrNetwork.Loader.dll'))
}

$commandsAssembly = ($loaderTypeName -as [type])::Initialize()
$innerModule = Import-Module -Assembly $commandsAssembly -PassThru:$isReload

if ($innerModule) {
    # On re-import, Import-Module -Assembly returns the cached module without adding its cmdlets to
    # this module's exports (PowerShell issue 20710), so they are added here.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}

# Types in the module's load context are invisible to PowerShell's type resolver; accelerators named
# after them make [AcrNetwork.Diagnosis] and -is checks work in scripts as for any other module. The engine's
# exported types are its public surface (docs/architecture.md): the output types, their parts and enums.
$typeAccelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
$engineAssembly = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($commandsAssembly).LoadFromAssemblyName(
    [System.Reflection.AssemblyName]::new('AcrNetwork.Engine'))
$publicTypes = @(foreach ($type in $engineAssembly.GetExportedTypes()) { if ($type.Namespace -eq 'AcrNetwork') { $type } })
foreach ($type in $publicTypes) {
    $typeAccelerators::Add($type.FullName, $type)
}
# Durations serialize as milliseconds only (DurationMs, not a TimeSpan spelled out field by field). The adapter
# lives in the module's load context, which a types file cannot name, so it is registered here.
Update-TypeData -TypeName AcrNetwork.Diagnosis -Force -TypeAdapter $commandsAssembly.GetType('AcrNetwork.Commands.MillisecondsOnlyPropertyAdapter', $true)
$ExecutionContext.SessionState.Module.OnRemove = {
    foreach ($type in $publicTypes) {
        $null = $typeAccelerators::Remove($type.FullName)
    }
}.GetNewClosure()
