# One nginx in the Azure namespace plays ACR's front door and ARM, with a listener per address:
#   registry REST (public, and private endpoint): /v2/ proxied to docker-registry, whose 401 Bearer
#     challenge passes through (with ACR's body wording); /oauth2/exchange and /oauth2/token;
#     403 DENIED naming the client IP when the registry's network rules refuse it; 429 when throttled.
#   data endpoints (public and private, per region) and the storage host: the blobs a pull is redirected to.
#   ARM (management.lab.test): the recorded responses, behind the lab ARM token.
# Wording of ACR and ARM errors follows field-notes.md and the specs; where neither gives it, the text is the lab's.

$script:OAuthListen = '127.0.0.1:8081'
$script:AcrMessage = @{
    Denied       = '{"errors":[{"code":"DENIED","message":"client with IP \u0027$remote_addr\u0027 is not allowed access. Refer https://aka.ms/acr/firewall to grant access. CorrelationId: $acr_correlation_id"}]}'
    Unauthorized = '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information."}]}'
    Throttled    = '{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}'
}
$script:ArmMessage = @{
    MissingToken      = '{"error":{"code":"AuthenticationFailed","message":"Authentication failed. The ''Authorization'' header is missing."}}'
    InvalidToken      = '{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}'
    MissingApiVersion = '{"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}}'
    ResourceNotFound  = '{"error":{"code":"ResourceNotFound","message":"The Resource ''$arm_resource'' under resource group ''$arm_group'' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"}}'
    NotFound          = '{"error":{"code":"NotFound","message":"The requested path was not found."}}'
    EmptyGraph        = '{"totalRecords":0,"count":0,"data":[],"facets":[],"resultTruncated":"false"}'
    PullOnlyForbidden = '{"error":{"code":"AuthorizationFailed","message":"The client ''acrlab-puller'' with object id ''9b2d4e61-3f7a-4c85-b0d9-1e6a8f2c5b47'' does not have authorization to perform action ''read'' over scope ''$uri'' or the scope is invalid."}}'
}

function Get-LabPublicAccess {
    # Which client addresses ACR lets through its public endpoints. Network rules and public access
    # settings are Premium features: below Premium ACR does not enforce them.
    param([Parameter(Mandatory)] $Config)
    $open = [pscustomobject]@{ AllowByDefault = $true; Allowed = @() }
    if ($Config.Sku -ne 'Premium') { return $open }
    if ($Config.PublicNetworkAccess -eq 'Disabled') { return [pscustomobject]@{ AllowByDefault = $false; Allowed = @() } }
    if ($null -ne $Config.NetworkRuleSet -and $Config.NetworkRuleSet.DefaultAction -eq 'Deny') {
        return [pscustomobject]@{ AllowByDefault = $false; Allowed = @($Config.NetworkRuleSet.IpRules) }
    }
    $open
}

function New-LabSas {
    # A storage SAS query like the one ACR appends to its redirects; nothing checks it.
    $expiry = [datetime]::UtcNow.AddHours(24).ToString('yyyy-MM-ddTHH:mm:ssZ').Replace(':', '%3A')
    "sv=2021-08-06&se=$expiry&sr=b&sp=r&sig=$(New-LabSecret -Length 43)"
}

function Get-LabTlsDirective {
    param([Parameter(Mandatory)][string] $Chain, [Parameter(Mandatory)][string] $Key)
    @"
        ssl_certificate $Chain;
        ssl_certificate_key $Key;
        ssl_protocols TLSv1.2 TLSv1.3;
"@
}

function Get-LabRestServer {
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Certificates, [Parameter(Mandatory)][string] $Address, [switch] $Public)
    $firewall = if ($Public) { "        if (`$acr_public_allowed = 0) { return 403 $(ConvertTo-NginxString $script:AcrMessage.Denied); }`n" } else { '' }
    $throttle = if ($Plan.Scenario.Network.FrontDoor -eq 'Throttled') { "        return 429 $(ConvertTo-NginxString $script:AcrMessage.Throttled);`n" } else { '' }
    $sas = New-LabSas
    $redirect = if ($Plan.Storage) {
        "~^https://$([regex]::Escape($Plan.Storage.Fqdn))/(.*)`$ https://$($Plan.Storage.Fqdn)/$($Plan.Storage.Container)/`$1?$sas"
    }
    else {
        "~^https://([^/]+)/(.*)`$ https://`$1/`$2?$sas"
    }
    @"
    server {
        listen ${Address}:443 ssl;
        server_name $($Plan.LoginServer);
$(Get-LabTlsDirective -Chain $Certificates.RegistryChain -Key $Certificates.RegistryKey)
        default_type application/json;
$firewall$throttle
        location /v2/ {
            client_max_body_size 0;
            proxy_pass http://$($script:RegistryListen);
            proxy_set_header Host `$host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Real-IP `$remote_addr;
            proxy_redirect "$($redirect -replace ' ', '" "')";
            # The registry's own challenge header passes through an intercepted 401; the body gets ACR's wording.
            proxy_intercept_errors on;
            error_page 401 = @acr_unauthorized;
        }
        location @acr_unauthorized {
            add_header Docker-Distribution-Api-Version registry/2.0 always;
            return 401 $(ConvertTo-NginxString $script:AcrMessage.Unauthorized);
        }
        location = /oauth2/exchange {
            proxy_pass http://$($script:OAuthListen)/exchange;
            proxy_set_header X-AcrLab-Valid `$acr_exchange_valid;
        }
        location = /oauth2/token {
            proxy_pass http://$($script:OAuthListen)/token;
            proxy_set_header X-AcrLab-Valid `$acr_refresh_valid;
        }
        location / {
            return 404;
        }
    }
"@
}

function Get-LabBlobServer {
    # A data endpoint or the storage host: serves the registry's blobs from its filesystem storage.
    param(
        [Parameter(Mandatory)][string] $Address,
        [Parameter(Mandatory)][string] $ServerName,
        [Parameter(Mandatory)][string] $Chain,
        [Parameter(Mandatory)][string] $Key,
        [Parameter(Mandatory)][string] $Storage,
        [string] $Container,
        [switch] $Public
    )
    $firewall = if ($Public) { "        if (`$acr_public_allowed = 0) { return 403 $(ConvertTo-NginxString $script:AcrMessage.Denied); }`n" } else { '' }
    $prefix = if ($Container) { "/$Container" } else { '' }
    @"
    server {
        listen ${Address}:443 ssl;
        server_name $ServerName;
$(Get-LabTlsDirective -Chain $Chain -Key $Key)
$firewall
        location $prefix/docker/registry/v2/blobs/ {
            alias $Storage/docker/registry/v2/blobs/;
            default_type application/octet-stream;
        }
        location / {
            return 404;
        }
    }
"@
}

function Get-LabArmServer {
    param([Parameter(Mandatory)] $Plan, [Parameter(Mandatory)] $Certificates, [Parameter(Mandatory)] $Routes, [string[]] $EmulatedPaths = @())
    $directory = Join-Path $Plan.WorkDir 'arm'
    $locations = foreach ($route in $Routes) {
        "        location ~* `"^$([regex]::Escape($route.Path))/?`$`" { try_files /$($route.File) =500; }"
    }
    $resourcePattern = '^/subscriptions/[^/]+/resourceGroups/(?<arm_group>[^/]+)/providers/(?<arm_resource>.+?)/?$'
    @"
    server {
        listen $($Plan.Arm.Address):443 ssl;
        server_name $($Plan.Arm.Fqdn);
$(Get-LabTlsDirective -Chain $Certificates.ArmChain -Key $Certificates.ArmKey)
        default_type application/json;
        add_header x-ms-request-id `$acr_correlation_id always;
        add_header x-ms-correlation-request-id `$acr_correlation_id always;
        root $directory;
        if (`$arm_authorization = missing) { return 401 $(ConvertTo-NginxString $script:ArmMessage.MissingToken); }
        if (`$arm_authorization = invalid) { return 401 $(ConvertTo-NginxString $script:ArmMessage.InvalidToken); }
        if (`$arm_has_api_version = 0) { return 400 $(ConvertTo-NginxString $script:ArmMessage.MissingApiVersion); }
        if (`$arm_pull_only = graph) { return 200 $(ConvertTo-NginxString $script:ArmMessage.EmptyGraph); }
        if (`$arm_pull_only = denied) { return 403 $(ConvertTo-NginxString $script:ArmMessage.PullOnlyForbidden); }
$(@(Get-LabArmEmulatorLocation -Path $EmulatedPaths) -join "`n")
$($locations -join "`n")
        location ~* "$resourcePattern" {
            return 404 $(ConvertTo-NginxString $script:ArmMessage.ResourceNotFound);
        }
        location / {
            return 404 $(ConvertTo-NginxString $script:ArmMessage.NotFound);
        }
    }
"@
}

function Start-LabFrontDoor {
    param(
        [Parameter(Mandatory)] $Plan,
        [Parameter(Mandatory)] $Certificates,
        [Parameter(Mandatory)] $Tokens,
        [Parameter(Mandatory)][string] $Storage,
        [Parameter(Mandatory)] $ArmRoutes,
        [string[]] $ArmEmulatedPaths = @()
    )
    $directory = Join-Path $Plan.WorkDir 'nginx'
    $null = New-Item -ItemType Directory -Path (Join-Path $directory 'temp') -Force
    $access = Get-LabPublicAccess -Config $Plan.Scenario.Config
    $geo = @("            default $(if ($access.AllowByDefault) { 1 } else { 0 });") + @($access.Allowed | ForEach-Object { "            $_ 1;" })

    $servers = [System.Collections.Generic.List[string]]::new()
    $servers.Add((Get-LabRestServer -Plan $Plan -Certificates $Certificates -Address $Plan.Rest.PublicAddress -Public))
    if ($Plan.Rest.PrivateAddress) { $servers.Add((Get-LabRestServer -Plan $Plan -Certificates $Certificates -Address $Plan.Rest.PrivateAddress)) }
    foreach ($endpoint in $Plan.Data) {
        $blob = @{ ServerName = $endpoint.Fqdn; Chain = $Certificates.RegistryChain; Key = $Certificates.RegistryKey; Storage = $Storage }
        $servers.Add((Get-LabBlobServer @blob -Address $endpoint.PublicAddress -Public))
        if ($endpoint.PrivateAddress) { $servers.Add((Get-LabBlobServer @blob -Address $endpoint.PrivateAddress)) }
    }
    if ($Plan.Storage) {
        $servers.Add((Get-LabBlobServer -Address $Plan.Storage.PublicAddress -ServerName $Plan.Storage.Fqdn -Chain $Certificates.StorageChain `
                    -Key $Certificates.StorageKey -Storage $Storage -Container $Plan.Storage.Container))
    }
    $servers.Add((Get-LabArmServer -Plan $Plan -Certificates $Certificates -Routes $ArmRoutes -EmulatedPaths $ArmEmulatedPaths))
    if ($Plan.Scenario.ClientNetwork) { $servers.Add((Get-LabInstanceMetadataServer -Plan $Plan)) }

    $config = @"
# nginx: ACR's front door, the data endpoints, storage and ARM for lab $($Plan.Id) ($($Plan.Scenario.Name))
worker_processes 1;
pid $directory/nginx.pid;
error_log $directory/error.log info;
events { worker_connections 512; }
http {
    log_format lab '`$remote_addr [`$time_local] `$server_addr `$host "`$request" `$status `$body_bytes_sent';
    access_log $directory/access.log lab;
    client_body_temp_path $directory/temp/body;
    proxy_temp_path $directory/temp/proxy;
    fastcgi_temp_path $directory/temp/fastcgi;
    uwsgi_temp_path $directory/temp/uwsgi;
    scgi_temp_path $directory/temp/scgi;
    server_tokens off;
    # The OAuth maps read form bodies, which must therefore stay in one memory buffer.
    client_body_buffer_size 64k;
    client_body_in_single_buffer on;

    map `$request_id `$acr_correlation_id {
        "~^(?<a>.{8})(?<b>.{4})(?<c>.{4})(?<d>.{4})(?<e>.{12})`$" "`$a-`$b-`$c-`$d-`$e";
    }
    geo `$acr_public_allowed {
$($geo -join "`n")
    }
    map `$request_body `$acr_exchange_valid {
        default 0;
        "~(^|&)access_token=$([regex]::Escape($Tokens.Arm))(&|`$)" 1;
        "~(^|&)access_token=$([regex]::Escape($Tokens.PullOnly))(&|`$)" 1;
    }
    map `$request_body `$acr_refresh_valid {
        default 0;
        "~(^|&)refresh_token=$([regex]::Escape($Tokens.Refresh))(&|`$)" 1;
    }
    map `$http_authorization `$arm_authorization {
        default invalid;
        "" missing;
        "~^Bearer $([regex]::Escape($Tokens.Arm))`$" ok;
        "~^Bearer $([regex]::Escape($Tokens.PullOnly))`$" pullonly;
    }
    # The pull-only identity may read nothing: Resource Graph shows it no rows, every resource answers 403.
    map "`$arm_authorization `$uri" `$arm_pull_only {
        default "";
        "~*^pullonly $([regex]::Escape($script:ResourceGraphPath))/?`$" graph;
        "~^pullonly " denied;
    }
    map `$args `$arm_has_api_version {
        default 0;
        "~(^|&)api-version=" 1;
    }

$($servers -join "`n")

    # Answers for /oauth2/*: the front door passes whether the form carried the right token.
    server {
        listen $($script:OAuthListen);
        default_type application/json;
        location = /exchange {
            if (`$request_method != POST) { return 405; }
            if (`$http_x_acrlab_valid = 1) { return 200 $(ConvertTo-NginxString "{`"refresh_token`":`"$($Tokens.Refresh)`"}"); }
            return 401 $(ConvertTo-NginxString $script:AcrMessage.Unauthorized);
        }
        location = /token {
            if (`$http_x_acrlab_valid = 1) { return 200 $(ConvertTo-NginxString "{`"access_token`":`"$($Tokens.Access)`"}"); }
            return 401 $(ConvertTo-NginxString $script:AcrMessage.Unauthorized);
        }
    }
}
"@
    $path = Join-Path $directory 'nginx.conf'
    Write-LabFile -Path $path -Content $config
    $listeners = @(Get-LabRegistryEndpoint -Plan $Plan | ForEach-Object { $_['PublicAddress'], $_['PrivateAddress'] } | Where-Object { $_ } | ForEach-Object { "${_}:443" }) +
        "$($Plan.Arm.Address):443" + $script:OAuthListen
    Start-LabDaemon -Plan $Plan -Name 'nginx' -Namespace $Plan.Namespaces.Azure -FilePath nginx `
        -ArgumentList '-c', $path, '-e', (Join-Path $directory 'error.log') -LogPath (Join-Path $directory 'error.log') -Tcp $listeners
}
