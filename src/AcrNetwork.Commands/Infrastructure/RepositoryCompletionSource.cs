using System.Collections;
using System.Net.Http.Headers;
using System.Security;
using System.Text.Json;
using Azure.Core;

namespace AcrNetwork.Commands;

/// <summary>
/// The repositories tab completion can offer for the registry the line names (-Name or -LoginServer): the
/// registry's catalog (<c>GET /v2/_catalog</c>), read with a registry token exchanged for the module's ARM token
/// as <c>az acr login</c> does. Answers are kept for a minute per registry and credential. Completion never fails
/// and never waits long: an unreadable catalog (no credential, no catalog permission, no network) offers nothing,
/// remembered for the same minute. Tokens live only for the request: never kept, shown or logged.
/// </summary>
internal static class RepositoryCompletionSource
{
    private const int MaxRepositories = 1000;
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly CompletionCache<IReadOnlyList<string>> Cache = new(Lifetime);

    /// <summary>Must run on the pipeline thread, as completers do: the Az step reads this session's context.</summary>
    public static IReadOnlyList<string> Repositories(IDictionary fakeBoundParameters)
    {
        AzureCloudEnvironment environment = RegistryCompletionSource.Environment(fakeBoundParameters);
        if (LoginServer(fakeBoundParameters, environment) is not { } loginServer)
        {
            return [];
        }

        SecureString? accessToken = RegistryCompletionSource.AccessToken(fakeBoundParameters);
        return Cache.GetOrRead(
            $"{loginServer}|{RegistryCompletionSource.CredentialKey(accessToken)}",
            () => Read(loginServer, accessToken, environment));
    }

    /// <summary>The login server the line names with -LoginServer, or with -Name in the chosen cloud.</summary>
    private static string? LoginServer(IDictionary fakeBoundParameters, AzureCloudEnvironment environment)
    {
        if (RegistryCompletionSource.Bound(fakeBoundParameters, "LoginServer") is { } loginServer)
        {
            return RegistryNames.TryGetHost(loginServer.ToString() ?? "");
        }

        return RegistryCompletionSource.Bound(fakeBoundParameters, "Name") is string name && RegistryNames.IsValidName(name)
            ? RegistryNames.LoginServer(name, environment)
            : null;
    }

    private static IReadOnlyList<string> Read(string loginServer, SecureString? accessToken, AzureCloudEnvironment environment)
    {
        try
        {
            AzureCredential credential = AzureCredentialResolver.ResolveQuietly(accessToken, environment);
            return Task.Run(async () =>
            {
                using var deadline = new CancellationTokenSource(Deadline);
                using var handler = new SocketsHttpHandler { Proxy = ProxySelection.Default.AsWebProxy(), UseProxy = true };
                using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://{loginServer}"), MaxResponseContentBufferSize = MaxResponseBytes };
                string armToken = (await credential.Credential.GetTokenAsync(AzureCredentialChain.ArmTokenRequest(environment), deadline.Token).ConfigureAwait(false)).Token;
                string refreshToken = await PostForTokenAsync(client, "/oauth2/exchange", "refresh_token", deadline.Token,
                    ("grant_type", "access_token"), ("service", loginServer), ("access_token", armToken)).ConfigureAwait(false);
                string registryToken = await PostForTokenAsync(client, "/oauth2/token", "access_token", deadline.Token,
                    ("grant_type", "refresh_token"), ("service", loginServer), ("scope", "registry:catalog:*"), ("refresh_token", refreshToken)).ConfigureAwait(false);

                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/_catalog?n={MaxRepositories}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registryToken);
                using HttpResponseMessage response = await client.SendAsync(request, deadline.Token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                using JsonDocument catalog = JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false));
                return (IReadOnlyList<string>)catalog.RootElement.GetProperty("repositories").EnumerateArray()
                    .Select(repository => repository.GetString())
                    .OfType<string>()
                    .Take(MaxRepositories)
                    .ToList();
            }).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Completion offers nothing rather than fail: no credential, no permission, no network, too slow.
            return [];
        }
    }

    private static async Task<string> PostForTokenAsync(HttpClient client, string path, string field, CancellationToken cancellationToken, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using HttpResponseMessage response = await client.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return answer.RootElement.GetProperty(field).GetString() ?? throw new JsonException($"{path} answered without {field}.");
    }
}
