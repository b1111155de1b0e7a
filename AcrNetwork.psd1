@{
    RootModule           = 'AcrNetwork.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = 'def4b193-c35b-48e7-82e0-fe8feecc8344'
    Author               = 'AcrNetwork contributors'
    CompanyName          = 'AcrNetwork contributors'
    Copyright            = '(c) AcrNetwork contributors. MIT License.'
    Description          = 'Finds out why a client cannot reach an Azure Container Registry over the network (DNS, private endpoints, TCP, TLS, proxies, the registry firewall, data endpoints) and says what to change.'
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('AcrNetwork.Format.ps1xml')
    TypesToProcess       = @('AcrNetwork.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-AcrEndpoint'
        'Get-AcrNetworkRule'
        'Invoke-AcrTroubleshooter'
        'Resolve-AcrPrivateDns'
        'Test-AcrEndpoint'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'ACR', 'ContainerRegistry', 'Network', 'Troubleshooting', 'PrivateEndpoint', 'DNS', 'Firewall', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/AcrNetwork/AcrNetwork'
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Invoke-AcrTroubleshooter names the cause with its evidence and fix. Get-AcrNetworkRule reads Azure Resource Manager (by name, login server, resource ID, or -All through Resource Graph) or exports; Get-AcrEndpoint; data path: Resolve-AcrPrivateDns, Test-AcrEndpoint.'
        }
    }
}
