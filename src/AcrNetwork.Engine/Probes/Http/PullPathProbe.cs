using System.Diagnostics;

namespace AcrNetwork;

/// <summary>
/// Follows a pull as far as the registry sends it: the manifest (through an index to one platform's
/// manifest), then one blob, whose answer redirects to the host that serves layers: a data endpoint, or
/// blob storage without dedicated data endpoints. The redirect's query is a storage signature: it is
/// used to test that host and never shown.
/// </summary>
internal sealed class PullPathProbe(TimeSpan timeout)
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Where the blob is served from (absolute), or null when the pull stopped or the registry serves it itself.</summary>
    public async Task<Uri?> FollowAsync(ProbeHttpSession session, EndpointTest test, RepositoryReference repository, string? accessToken, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        test.Repository = repository.ToString();
        try
        {
            ImageManifest? manifest = await GetManifestAsync(session, test, repository.Name, repository.Reference, accessToken, cancellationToken).ConfigureAwait(false);
            if (manifest is { IsIndex: true })
            {
                manifest = await GetManifestAsync(session, test, repository.Name, manifest.PlatformManifests[0], accessToken, cancellationToken).ConfigureAwait(false);
            }

            if (manifest is null)
            {
                return null;
            }

            if (manifest.IsIndex || manifest.Blobs.Count == 0)
            {
                test.Fail(PullStage.Pull, $"The manifest of {repository} names no blob to fetch.", null);
                return null;
            }

            string digest = manifest.Blobs[0];
            test.BlobDigest = digest;
            ProbeResponse blob = await session.SendAsync(HttpMethod.Get, $"/v2/{repository.Name}/blobs/{digest}", Authorize(accessToken), 0, timeout, cancellationToken).ConfigureAwait(false);
            test.BlobStatus = blob.StatusCode;
            if (blob.StatusCode is >= 300 and < 400 && blob.Headers.Location is Uri location)
            {
                var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri($"https://{test.Fqdn}/"), location);
                test.BlobRedirectHost = absolute.IdnHost;
                test.Message += $" A pull of {repository} fetches its manifest here and is redirected to {absolute.IdnHost} for blobs.";
                return absolute;
            }

            if (blob.StatusCode == 200)
            {
                test.Message += $" A pull of {repository} fetches its manifest and blobs here.";
                return null;
            }

            test.Fail(PullStage.Pull, $"The blob {digest} of {repository} answered {blob.StatusCode}.", null);
            return null;
        }
        catch (ProbeHttpException ex)
        {
            test.Fail(PullStage.Pull, $"The pull of {repository} got no answer: {ex.Message}", ex.Message);
            return null;
        }
        finally
        {
            test.PullMs = EndpointTest.Milliseconds(clock.Elapsed.TotalMilliseconds);
        }
    }

    private async Task<ImageManifest?> GetManifestAsync(ProbeHttpSession session, EndpointTest test, string name, string reference, string? accessToken, CancellationToken cancellationToken)
    {
        ProbeResponse response = await session.SendAsync(
            HttpMethod.Get,
            $"/v2/{name}/manifests/{reference}",
            request =>
            {
                Authorize(accessToken)?.Invoke(request);
                foreach (string mediaType in ImageManifestParser.AcceptedMediaTypes)
                {
                    request.Headers.Accept.ParseAdd(mediaType);
                }
            },
            MaxManifestBytes,
            timeout,
            cancellationToken).ConfigureAwait(false);
        test.ManifestStatus = response.StatusCode;
        if (response.StatusCode != 200)
        {
            AcrError? error = AcrErrorParser.Parse(response.Body);
            string why = response.StatusCode switch
            {
                404 => $"{Image(name, reference)} does not exist in the registry",
                401 or 403 => "the token does not allow pulling it",
                429 => "the registry is throttling requests",
                _ => "the registry did not return it",
            };
            test.Fail(PullStage.Pull, $"The manifest of {Image(name, reference)} answered {response.StatusCode}{(error is null ? "" : $" {error.Code}")}: {why}.", error?.ToString());
            return null;
        }

        ImageManifest? manifest = ImageManifestParser.Parse(response.Body);
        if (manifest is null)
        {
            test.Fail(PullStage.Pull, $"The manifest of {Image(name, reference)} is not an image manifest or index this probe can follow.", null);
        }

        return manifest;
    }

    /// <summary><c>name:tag</c>, or <c>name@digest</c> for a manifest named by its digest.</summary>
    private static string Image(string name, string reference) => reference.Contains(':') ? $"{name}@{reference}" : $"{name}:{reference}";

    private static Action<HttpRequestMessage>? Authorize(string? accessToken) =>
        accessToken is null ? null : request => request.Headers.Authorization = new("Bearer", accessToken);
}
