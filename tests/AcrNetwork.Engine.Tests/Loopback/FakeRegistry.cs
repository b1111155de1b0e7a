using System.Net.Sockets;

namespace AcrNetwork.Tests.Loopback;

/// <summary>
/// A registry's REST API in plain HTTP on 127.0.0.1 (the probe's TLS is tested apart): the /v2/ challenge,
/// the token exchange, one image behind an index, and a blob redirected to a data endpoint.
/// </summary>
internal sealed class FakeRegistry : IDisposable
{
    public const string Host = "contoso.azurecr.test";
    public const string ArmToken = "arm-token-7f3a";
    public const string RefreshToken = "refresh-token-91c2";
    public const string AccessToken = "access-token-5d8e";
    public const string Signature = "sig=storage-signature-0b4d";
    public const string Index = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string Manifest = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    public const string Config = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    public const string BlobLocation = "https://contoso.westus.data.azurecr.test/docker/registry/v2/blobs/sha256/cc/data?" + Signature;

    private readonly LoopbackTcpServer server;

    public FakeRegistry() => server = new LoopbackTcpServer(ServeAsync);

    /// <summary>403 DENIED at /oauth2/exchange, as when the firewall covers the token endpoint.</summary>
    public bool ExchangeDenied { get; init; }

    /// <summary>Close the connection after every answer, as some gateways do.</summary>
    public bool CloseAfterEachAnswer { get; init; }

    public List<LoopbackRequest> Requests { get; } = [];

    public int Connections => server.Connections;

    public async Task<ProbeHttpSession> ConnectAsync()
    {
        return new ProbeHttpSession(Host, await OpenAsync(CancellationToken.None), OpenAsync);
    }

    public void Dispose() => server.Dispose();

    private async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, cancellationToken);
        return client.GetStream();
    }

    private async Task ServeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        while (await LoopbackHttp.ReadRequestAsync(stream, cancellationToken) is { } request)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            (int status, string body, string[] headers) = Route(request);
            if (CloseAfterEachAnswer)
            {
                headers = [.. headers, "Connection: close"];
            }

            await LoopbackHttp.WriteResponseAsync(stream, status, body, headers);
            if (CloseAfterEachAnswer)
            {
                return;
            }
        }
    }

    private (int Status, string Body, string[] Headers) Route(LoopbackRequest request)
    {
        const string Unauthorized = """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""";
        bool authorized = request.Headers.TryGetValue("Authorization", out string? authorization) && authorization == $"Bearer {AccessToken}";
        return (request.Method, request.Path) switch
        {
            ("GET", "/v2/") => (401, Unauthorized, [$"WWW-Authenticate: Bearer realm=\"https://{Host}/oauth2/token\",service=\"{Host}\""]),
            ("POST", "/oauth2/exchange") when ExchangeDenied =>
                (403, """{"errors":[{"code":"DENIED","message":"client with IP '203.0.113.10' is not allowed access. Refer https://aka.ms/acr/firewall to grant access."}]}""", []),
            ("POST", "/oauth2/exchange") when request.Body.Contains($"access_token={ArmToken}") && request.Body.Contains("grant_type=access_token") =>
                (200, $$"""{"refresh_token":"{{RefreshToken}}"}""", []),
            ("POST", "/oauth2/exchange") => (401, Unauthorized, []),
            ("POST", "/oauth2/token") when request.Body.Contains($"refresh_token={RefreshToken}") && request.Body.Contains("scope=repository%3Asamples%2Fhello%3Apull") =>
                (200, $$"""{"access_token":"{{AccessToken}}"}""", []),
            ("POST", "/oauth2/token") => (401, Unauthorized, []),
            ("GET", "/oauth2/token") => (401, Unauthorized, []),
            ("GET", "/v2/samples/hello/manifests/v1") when authorized =>
                (200, $$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{Manifest}}}","platform":{"os":"linux","architecture":"amd64"}}]}""", []),
            ("GET", $"/v2/samples/hello/manifests/{Manifest}") when authorized =>
                (200, $$"""{"schemaVersion":2,"config":{"digest":"{{Config}}"},"layers":[]}""", []),
            ("GET", $"/v2/samples/hello/blobs/{Config}") when authorized => (307, "", [$"Location: {BlobLocation}"]),
            (_, var path) when path.StartsWith("/v2/samples/", StringComparison.Ordinal) && !authorized => (401, Unauthorized, []),
            _ => (404, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""", []),
        };
    }
}
