using System.Diagnostics;

namespace AcrNetwork;

/// <summary>The pull stage of an endpoint test: the manifest and blob a pull of the repository asked for, and where the blob is served from.</summary>
internal sealed record PullResult(
    string Repository,
    int? ManifestStatus = null,
    string? BlobDigest = null,
    int? BlobStatus = null,
    string? BlobRedirectHost = null,
    double Ms = 0) : StageResult;

/// <summary>
/// Follows a pull as far as the registry sends it: the manifest (through an index to one platform's
/// manifest), then one blob, whose answer redirects to the host that serves layers: a data endpoint, or
/// blob storage without dedicated data endpoints. The redirect's query is a storage signature: it is
/// used to test that host and never shown.
/// </summary>
internal sealed class PullPathProbe(TimeSpan timeout)
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Where the blob is served from (absolute; null when the pull stopped or the registry serves it itself), and the stage's result.</summary>
    public async Task<(Uri? Blob, PullResult Result)> FollowAsync(ProbeHttpSession session, string host, RepositoryReference repository, string? accessToken, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pull = new PullResult(repository.ToString());
        Uri? blobLocation = null;
        try
        {
            ImageManifest? manifest;
            (manifest, pull) = await GetManifestAsync(session, pull, repository.Name, repository.Reference, accessToken, cancellationToken).ConfigureAwait(false);
            if (manifest is { IsIndex: true } index)
            {
                (manifest, pull) = await GetManifestAsync(session, pull, repository.Name, index.PlatformManifests[0], accessToken, cancellationToken).ConfigureAwait(false);
            }

            if (manifest is not null && (manifest.IsIndex || manifest.Blobs.Count == 0))
            {
                pull = Fail(pull, $"The manifest of {repository} names no blob to fetch.", null);
            }
            else if (manifest is not null)
            {
                string digest = manifest.Blobs[0];
                pull = pull with { BlobDigest = digest };
                ProbeResponse blob = await session.SendAsync(HttpMethod.Get, $"/v2/{repository.Name}/blobs/{digest}", Authorize(accessToken), 0, timeout, cancellationToken).ConfigureAwait(false);
                pull = pull with { BlobStatus = blob.StatusCode };
                if (blob.StatusCode is >= 300 and < 400 && blob.Headers.Location is Uri location)
                {
                    blobLocation = location.IsAbsoluteUri ? location : new Uri(new Uri($"https://{host}/"), location);
                    pull = pull with
                    {
                        BlobRedirectHost = blobLocation.IdnHost,
                        Note = $" A pull of {repository} fetches its manifest here and is redirected to {blobLocation.IdnHost} for blobs.",
                    };
                }
                else if (blob.StatusCode == 200)
                {
                    pull = pull with { Note = $" A pull of {repository} fetches its manifest and blobs here." };
                }
                else
                {
                    pull = Fail(pull, $"The blob {digest} of {repository} answered {blob.StatusCode}.", null);
                }
            }
        }
        catch (ProbeHttpException ex)
        {
            blobLocation = null;
            pull = Fail(pull, $"The pull of {repository} got no answer: {ex.Message}", ex.Message);
        }

        return (blobLocation, pull with { Ms = EndpointTest.Milliseconds(clock.Elapsed.TotalMilliseconds) });
    }

    private async Task<(ImageManifest? Manifest, PullResult Result)> GetManifestAsync(ProbeHttpSession session, PullResult pull, string name, string reference, string? accessToken, CancellationToken cancellationToken)
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
        pull = pull with { ManifestStatus = response.StatusCode };
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
            return (null, Fail(pull, $"The manifest of {Image(name, reference)} answered {response.StatusCode}{(error is null ? "" : $" {error.Code}")}: {why}.", error?.ToString()));
        }

        ImageManifest? manifest = ImageManifestParser.Parse(response.Body);
        return manifest is null
            ? (null, Fail(pull, $"The manifest of {Image(name, reference)} is not an image manifest or index this probe can follow.", null))
            : (manifest, pull);
    }

    private static PullResult Fail(PullResult pull, string message, string? error) => pull with { Failure = new StageFailure(PullStage.Pull, message, error) };

    /// <summary><c>name:tag</c>, or <c>name@digest</c> for a manifest named by its digest.</summary>
    private static string Image(string name, string reference) => reference.Contains(':') ? $"{name}@{reference}" : $"{name}:{reference}";

    private static Action<HttpRequestMessage>? Authorize(string? accessToken) =>
        accessToken is null ? null : request => request.Headers.Authorization = new("Bearer", accessToken);
}
