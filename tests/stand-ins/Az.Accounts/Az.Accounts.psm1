# Signed in when ACRNETWORK_STANDIN_TOKEN is set. ACRNETWORK_STANDIN_TOKEN_FORM says which Token shape
# to return: 'SecureString' (Az.Accounts 5 and later) or 'String' (before, with a warning about the change).
# Every call is counted in $global:AzStandInTokenRequests, with the resource URL asked for.

$global:AzStandInTokenRequests = [System.Collections.Generic.List[string]]::new()

function Get-AzContext {
    [CmdletBinding()]
    param()
    if (-not $env:ACRNETWORK_STANDIN_TOKEN) { return $null }
    [pscustomobject]@{
        Account      = [pscustomobject]@{ Id = 'engineer@contoso.example'; Type = 'User' }
        Subscription = [pscustomobject]@{ Id = '6d1c4a52-0f3e-4b8a-9d27-3e5f1a8c7b90'; Name = 'AcrLab' }
        Tenant       = [pscustomobject]@{ Id = '72f988bf-0000-0000-0000-000000000000' }
    }
}

function Get-AzAccessToken {
    [CmdletBinding()]
    param([string] $ResourceUrl, [switch] $AsSecureString)
    $global:AzStandInTokenRequests.Add($ResourceUrl)
    if (-not $env:ACRNETWORK_STANDIN_TOKEN) { throw 'Run Connect-AzAccount to login.' }
    $token = if ($env:ACRNETWORK_STANDIN_TOKEN_FORM -eq 'String') {
        Write-Warning 'Upcoming breaking changes: the type of the Token property will change from String to SecureString.'
        $env:ACRNETWORK_STANDIN_TOKEN
    }
    else {
        ConvertTo-SecureString -String $env:ACRNETWORK_STANDIN_TOKEN -AsPlainText -Force
    }
    [pscustomobject]@{
        Token     = $token
        ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1)
        TenantId  = '72f988bf-0000-0000-0000-000000000000'
        UserId    = 'engineer@contoso.example'
        Type      = 'Bearer'
    }
}
