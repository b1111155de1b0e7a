using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// What a pull needs from a manifest: an index (OCI image index, Docker manifest list) names the
/// platform manifests; an image manifest names its config and layer blobs.
/// </summary>
internal sealed record ImageManifest(IReadOnlyList<string> PlatformManifests, IReadOnlyList<string> Blobs)
{
    public bool IsIndex => PlatformManifests.Count > 0;
}

internal static class ImageManifestParser
{
    /// <summary>The Accept header of a pull: every manifest type a client understands.</summary>
    public static readonly string[] AcceptedMediaTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>Null when the body is not a manifest this module can follow.</summary>
    public static ImageManifest? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        JsonObject? root;
        try
        {
            root = JsonFields.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null)
        {
            return null;
        }

        if (JsonFields.Find(root, "manifests") is JsonArray manifests)
        {
            // A client on this machine's platform would take linux/amd64 first; any manifest proves the path.
            var ordered = JsonFields.Items(manifests)
                .OrderByDescending(m => JsonFields.String(JsonFields.FindPath(m, "platform.os")) == "linux"
                    && JsonFields.String(JsonFields.FindPath(m, "platform.architecture")) == "amd64")
                .Select(m => JsonFields.String(JsonFields.Find(m, "digest")))
                .Where(RepositoryReference.IsValidDigest)
                .OfType<string>()
                .ToList();
            return ordered.Count > 0 ? new ImageManifest(ordered, []) : null;
        }

        // The config blob first: it is small and served from the same place as the layers.
        var blobs = new List<string?>();
        blobs.Add(JsonFields.String(JsonFields.FindPath(root, "config.digest")));
        blobs.AddRange(JsonFields.Items(JsonFields.Find(root, "layers")).Select(l => JsonFields.String(JsonFields.Find(l, "digest"))));
        blobs.RemoveAll(digest => !RepositoryReference.IsValidDigest(digest));
        return blobs.Count > 0 ? new ImageManifest([], blobs.OfType<string>().ToList()) : null;
    }
}
