# Per-lab certificates, made with openssl:
#   AcrLab Root CA -> AcrLab Azure TLS Issuing CA 01 -> registry, storage and ARM server certificates
#     (the client trusts the root through SSL_CERT_FILE, as it trusts Azure's public roots);
#   Contoso TLS Inspection CA -> re-signed registry and storage certificates (tls-interception; never trusted);
#   AcrLab Registry Token CA -> the token signer whose certificate goes into each registry JWT's x5c header
#     (docker-registry's rootcertbundle).
# TLS keys are ECDSA P-256, as on Azure's ECC chains, because RSA key generation would dominate a lab's
# start; the token signer is RSA 2048 because ACR's tokens are RS256.

function New-LabCertificate {
    param([Parameter(Mandatory)] $Plan)
    $tls = Join-Path $Plan.WorkDir 'tls'
    $null = New-Item -ItemType Directory -Path $tls -Force

    $suffix = $script:LabCloud.ContainerRegistryEndpointSuffix
    $registrySan = (@("*.$suffix", "*.$($script:PrivateLinkZone)") + @($Plan.Regions | ForEach-Object { "*.$_.data.$suffix" }) + @($Plan.Regional | ForEach-Object { $_.Fqdn }) |
            ForEach-Object { "DNS:$_" }) -join ','
    $storageName = "*.blob.$($script:LabCloud.StorageEndpointSuffix)"
    $intercepted = $Plan.Scenario.Network.Tls -eq 'Intercepted'
    $ecKeys = @('root', 'issuing', 'registry', 'storage', 'arm', 'token-ca') + @(if ($intercepted) { 'inspection-ca' })
    $server = '/C=US/ST=WA/L=Redmond/O=AcrLab/CN='

    Write-LabFile -Path (Join-Path $tls 'openssl.cnf') -Content @'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[issuing]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
[signer]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
'@

    $script = [System.Text.StringBuilder]::new()
    $null = $script.AppendLine(@"
set -euo pipefail
cd '$tls'
export SAN=
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out token.key 2>/dev/null &
for key in $($ecKeys -join ' '); do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "`$key.key" &
done
wait
umask 022
# cert <name> <key> <subject> <extensions> [<issuer>]  (req -x509 -CA signs with the issuer, serial random)
cert() {
  local issuer=()
  if [ -n "`${5:-}" ]; then issuer=(-CA "`$5.pem" -CAkey "`$5.key"); fi
  openssl req -x509 -new -config openssl.cnf -extensions "`$4" -key "`$2.key" -subj "`$3" -sha256 -days 30 "`${issuer[@]}" -out "`$1.pem"
}
cert root root '/C=US/O=AcrLab/CN=AcrLab Root CA' ca
cert issuing issuing '/C=US/O=AcrLab/CN=AcrLab Azure TLS Issuing CA 01' issuing root
SAN='$registrySan' cert registry registry '$server*.$suffix' server issuing
SAN='DNS:$storageName' cert storage storage '$server$storageName' server issuing
SAN='DNS:$($script:ArmHost)' cert arm arm '$server$($script:ArmHost)' server issuing
cat registry.pem issuing.pem > registry-chain.pem
cat storage.pem issuing.pem > storage-chain.pem
cat arm.pem issuing.pem > arm-chain.pem
cp root.pem client-ca-bundle.pem
cert token-ca token-ca '/C=US/O=AcrLab/CN=AcrLab Registry Token CA' ca
cert token token '/C=US/O=AcrLab/CN=AcrLab Registry Token Signer' signer token-ca
"@)
    if ($intercepted) {
        # The middlebox forges certificates for the same names, signed by its own CA, as TLS inspection does.
        $null = $script.AppendLine(@"
cert inspection-ca inspection-ca '/C=US/O=Contoso/CN=Contoso TLS Inspection CA' ca
SAN='$registrySan' cert inspected-registry registry '$server*.$suffix' server inspection-ca
SAN='DNS:$storageName' cert inspected-storage storage '$server$storageName' server inspection-ca
cat inspected-registry.pem inspection-ca.pem > inspected-registry-chain.pem
cat inspected-storage.pem inspection-ca.pem > inspected-storage-chain.pem
"@)
    }
    $path = Join-Path $tls 'make-certificates.sh'
    Write-LabFile -Path $path -Content $script.ToString()
    $null = Invoke-LabScript -Path $path -Purpose 'create the lab certificates with openssl'

    $prefix = if ($intercepted) { 'inspected-' } else { '' }
    [pscustomobject]@{
        Directory       = $tls
        ClientBundle    = Join-Path $tls 'client-ca-bundle.pem'
        RegistryChain   = Join-Path $tls "${prefix}registry-chain.pem"
        RegistryKey     = Join-Path $tls 'registry.key'
        StorageChain    = Join-Path $tls "${prefix}storage-chain.pem"
        StorageKey      = Join-Path $tls 'storage.key'
        ArmChain        = Join-Path $tls 'arm-chain.pem'
        ArmKey          = Join-Path $tls 'arm.key'
        TokenRootBundle = Join-Path $tls 'token-ca.pem'
        TokenSignerCert = Join-Path $tls 'token.pem'
        TokenSignerKey  = Join-Path $tls 'token.key'
    }
}
