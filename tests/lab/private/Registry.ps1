# The real registry behind the front door: docker-registry (distribution 2.8) with token authentication,
# filesystem storage in the work dir, and the redirect storage middleware so blob GETs answer
# 307 to the data endpoint or the storage host, as ACR does. Tokens are JWTs (RS256) signed at lab
# start by a key whose certificate chains to the registry's rootcertbundle.

$script:RegistryListen = '127.0.0.1:5000'
$script:RegistryIssuer = 'Azure Container Registry'

function ConvertTo-Base64Url {
    param([Parameter(Mandatory)][byte[]] $Bytes)
    [System.Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

function New-LabJwt {
    # A compact JWS signed with RS256 by the lab's token signer.
    param(
        [Parameter(Mandatory)] $Certificates,
        [Parameter(Mandatory)][System.Collections.IDictionary] $Claims,
        [switch] $IncludeCertificateChain
    )
    $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content -Raw -LiteralPath $Certificates.TokenSignerCert))
    $header = [ordered]@{ typ = 'JWT'; alg = 'RS256' }
    if ($IncludeCertificateChain) {
        # distribution verifies x5c[0] against its rootcertbundle.
        $header.x5c = @([System.Convert]::ToBase64String($certificate.RawData))
    }
    else {
        $header.kid = $certificate.Thumbprint
    }
    $encode = { param($value) ConvertTo-Base64Url -Bytes ([System.Text.Encoding]::UTF8.GetBytes((ConvertTo-LabJson $value))) }
    $signingInput = "$(& $encode $header).$(& $encode $Claims)"
    $rsa = [System.Security.Cryptography.RSA]::Create()
    try {
        $rsa.ImportFromPem((Get-Content -Raw -LiteralPath $Certificates.TokenSignerKey))
        $signature = $rsa.SignData([System.Text.Encoding]::ASCII.GetBytes($signingInput),
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    }
    finally {
        $rsa.Dispose()
    }
    "$signingInput.$(ConvertTo-Base64Url -Bytes $signature)"
}

function New-LabToken {
    # The ARM token the lab's ARM and /oauth2/exchange accept, a pull-only identity's token that only the exchange
    # accepts, and the ACR refresh and access tokens.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Certificates)
    $now = [System.DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $lifetime = 24 * 3600
    $armClaims = {
        param([string] $ObjectId, [string] $Name)
        [ordered]@{
            aud   = $script:LabCloud.ResourceManagerUrl
            iss   = "$($script:LabCloud.ActiveDirectoryAuthority)$($Plan.TenantId)/"
            iat   = $now
            nbf   = $now - 300
            exp   = $now + $lifetime
            tid   = $Plan.TenantId
            oid   = $ObjectId
            sub   = $ObjectId
            appid = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
            name  = $Name
        }
    }
    $armToken = New-LabJwt -Certificates $Certificates -Claims (& $armClaims '3c9e7a15-8d2b-4f60-a1e4-7b5c9d0f2a86' 'AcrLab operator')
    # An identity with AcrPull and no Reader role (an AKS kubelet identity): the exchange takes its token, ARM shows it nothing.
    $pullOnlyToken = New-LabJwt -Certificates $Certificates -Claims (& $armClaims '9b2d4e61-3f7a-4c85-b0d9-1e6a8f2c5b47' 'AcrLab puller')
    $registryClaims = {
        param([string] $GrantType, $Access)
        $claims = [ordered]@{
            jti        = [guid]::NewGuid().ToString()
            sub        = 'labuser@acrlab.test'
            nbf        = $now - 300
            exp        = $now + $lifetime
            iat        = $now
            iss        = $script:RegistryIssuer
            aud        = $Plan.LoginServer
            version    = '1.0'
            grant_type = $GrantType
            tenant     = $Plan.TenantId
        }
        if ($null -ne $Access) { $claims.access = $Access }
        $claims
    }
    $access = @(
        [ordered]@{ type = 'repository'; name = $Plan.Image.Repository; actions = @('pull', 'push') }
        [ordered]@{ type = 'registry'; name = 'catalog'; actions = @('*') }
    )
    [pscustomobject]@{
        Arm      = $armToken
        PullOnly = $pullOnlyToken
        Refresh  = New-LabJwt -Certificates $Certificates -IncludeCertificateChain -Claims (& $registryClaims 'refresh_token' $null)
        Access   = New-LabJwt -Certificates $Certificates -IncludeCertificateChain -Claims (& $registryClaims 'access_token' $access)
    }
}

function Start-LabRegistry {
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Certificates)
    $directory = Join-Path $Plan.WorkDir 'registry'
    $storage = Join-Path $directory 'storage'
    $null = New-Item -ItemType Directory -Path $storage -Force
    # Blob GETs redirect to where ACR would send them; the front door appends the storage container and a SAS.
    $redirectHost = if ($Plan.Storage) { $Plan.Storage.Fqdn } else { $Plan.Data[0].Fqdn }
    $config = @"
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: false
  redirect:
    disable: false
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $($script:RegistryListen)
  secret: $(New-LabSecret)
  relativeurls: true
auth:
  token:
    realm: https://$($Plan.LoginServer)/oauth2/token
    service: $($Plan.LoginServer)
    issuer: $($script:RegistryIssuer)
    rootcertbundle: $($Certificates.TokenRootBundle)
middleware:
  storage:
    - name: redirect
      options:
        baseurl: https://$redirectHost
"@
    $path = Join-Path $directory 'config.yml'
    Write-LabFile -Path $path -Content $config
    Start-LabDaemon -Plan $Plan -Name 'docker-registry' -Namespace $Plan.Namespaces.Azure -Foreground `
        -FilePath docker-registry -ArgumentList 'serve', $path -LogPath (Join-Path $directory 'registry.log') -Tcp $script:RegistryListen
    $storage
}

function Publish-LabImage {
    # Writes one tiny image (a config blob, one gzipped layer, a schema 2 manifest) into the registry's
    # filesystem storage, in distribution's own layout, and returns its digests. Writing it directly is
    # much faster than pushing; Test-LabRegistryToken then proves the registry serves it.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)][string] $Storage)
    $layer = New-LabLayer -Text "Hello from the AcrLab registry.`n"
    $config = [System.Text.Encoding]::UTF8.GetBytes((ConvertTo-LabJson ([ordered]@{
                    architecture = 'amd64'
                    os           = 'linux'
                    rootfs       = [ordered]@{ type = 'layers'; diff_ids = @($layer.DiffId) }
                })))
    $configDigest = Get-LabDigest -Bytes $config
    $layerDigest = Get-LabDigest -Bytes $layer.Bytes
    $manifest = [System.Text.Encoding]::UTF8.GetBytes((ConvertTo-LabJson ([ordered]@{
                    schemaVersion = 2
                    mediaType     = 'application/vnd.docker.distribution.manifest.v2+json'
                    config        = [ordered]@{ mediaType = 'application/vnd.docker.container.image.v1+json'; size = $config.Length; digest = $configDigest }
                    layers        = @([ordered]@{ mediaType = 'application/vnd.docker.image.rootfs.diff.tar.gzip'; size = $layer.Bytes.Length; digest = $layerDigest })
                })))
    $manifestDigest = Get-LabDigest -Bytes $manifest

    $root = Join-Path $Storage 'docker/registry/v2'
    $repository = Join-Path $root "repositories/$($Plan.Image.Repository)"
    $writeBlob = {
        param([byte[]] $Bytes, [string] $Digest)
        $hex = $Digest.Substring(7)
        $path = Join-Path $root "blobs/sha256/$($hex.Substring(0, 2))/$hex/data"
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force
        [System.IO.File]::WriteAllBytes($path, $Bytes)
    }
    $writeLink = { param([string] $RelativePath, [string] $Digest) Write-LabFile -Path (Join-Path $repository "$RelativePath/link") -Content $Digest }
    & $writeBlob $layer.Bytes $layerDigest
    & $writeBlob $config $configDigest
    & $writeBlob $manifest $manifestDigest
    & $writeLink "_layers/sha256/$($layerDigest.Substring(7))" $layerDigest
    & $writeLink "_layers/sha256/$($configDigest.Substring(7))" $configDigest
    & $writeLink "_manifests/revisions/sha256/$($manifestDigest.Substring(7))" $manifestDigest
    & $writeLink "_manifests/tags/$($Plan.Image.Tag)/current" $manifestDigest
    & $writeLink "_manifests/tags/$($Plan.Image.Tag)/index/sha256/$($manifestDigest.Substring(7))" $manifestDigest

    [ordered]@{
        Repository     = $Plan.Image.Repository
        Tag            = $Plan.Image.Tag
        ManifestDigest = $manifestDigest
        ConfigDigest   = $configDigest
        LayerDigest    = $layerDigest
        LayerSize      = $layer.Bytes.Length
    }
}

function New-LabLayer {
    # A gzipped tar holding one file, made the same way every time (fixed times and owners).
    param([Parameter(Mandatory)][string] $Text)
    $tar = [System.IO.MemoryStream]::new()
    $writer = [System.Formats.Tar.TarWriter]::new($tar, [System.Formats.Tar.TarEntryFormat]::Ustar, $true)
    $entry = [System.Formats.Tar.UstarTarEntry]::new([System.Formats.Tar.TarEntryType]::RegularFile, 'hello.txt')
    $entry.ModificationTime = [System.DateTimeOffset]::FromUnixTimeSeconds(0)
    $entry.Mode = [System.IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead'
    $entry.DataStream = [System.IO.MemoryStream]::new([System.Text.Encoding]::UTF8.GetBytes($Text))
    $writer.WriteEntry($entry)
    $writer.Dispose()
    $gzip = [System.IO.MemoryStream]::new()
    $compressor = [System.IO.Compression.GZipStream]::new($gzip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    $compressor.Write($tar.ToArray(), 0, $tar.Length)
    $compressor.Dispose()
    [pscustomobject]@{ Bytes = $gzip.ToArray(); DiffId = Get-LabDigest -Bytes $tar.ToArray() }
}

function Get-LabDigest {
    param([Parameter(Mandatory)][byte[]] $Bytes)
    'sha256:' + [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Bytes)).ToLowerInvariant()
}

function Test-LabRegistryToken {
    # Fetches the lab image's manifest from docker-registry with the minted access token: proves the
    # registry accepts the lab's tokens and serves the image before any client relies on them.
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Tokens)
    $url = "http://$($script:RegistryListen)/v2/$($Plan.Image.Repository)/manifests/$($Plan.Image.Tag)"
    $output = & ip netns exec $Plan.Namespaces.Azure curl -sS -o /dev/null -w '%{http_code}' --max-time 5 `
        -H "Authorization: Bearer $($Tokens.Access)" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' $url 2>&1
    if ($LASTEXITCODE -ne 0 -or "$output" -ne '200') {
        $log = Join-Path $Plan.WorkDir 'registry/registry.log'
        throw "docker-registry did not serve the lab image with the lab's token (curl exit $LASTEXITCODE, HTTP $output).$([Environment]::NewLine)Last lines of ${log}:$([Environment]::NewLine)$(Get-LabLogTail -Path $log)"
    }
}
