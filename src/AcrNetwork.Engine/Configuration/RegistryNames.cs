using System.Text.RegularExpressions;

namespace AcrNetwork;

/// <summary>Registry name rules and the host names derived from a name.</summary>
internal static partial class RegistryNames
{
    [GeneratedRegex("^[a-zA-Z0-9]{5,50}$")]
    private static partial Regex ValidName();

    public static bool IsValidName(string? name) => name is not null && ValidName().IsMatch(name);

    /// <summary>
    /// Null when the name is valid; otherwise a sentence that says what is wrong and what to type
    /// instead (a login server or URL given as a name is the usual mistake).
    /// </summary>
    public static string? ExplainInvalidName(string? name)
    {
        if (IsValidName(name))
        {
            return null;
        }

        string value = name ?? "";
        string? host = TryGetHost(value);
        if (host is not null && host.Contains('.'))
        {
            string firstLabel = host.Split('.')[0];
            string hint = IsValidName(firstLabel) ? $" or -Name {firstLabel.ToLowerInvariant()}" : "";
            return $"'{value}' is a login server or URL, not a registry name. Use -LoginServer {host.ToLowerInvariant()}{hint}.";
        }

        return $"'{value}' is not a valid registry name: a registry name has 5 to 50 letters and digits only.";
    }

    /// <summary>
    /// Null when the text is a registry's ARM resource ID
    /// (<c>/subscriptions/&lt;guid&gt;/resourceGroups/&lt;group&gt;/providers/Microsoft.ContainerRegistry/registries/&lt;name&gt;</c>);
    /// otherwise what is wrong with it.
    /// </summary>
    public static string? ExplainInvalidResourceId(string? resourceId)
    {
        if (!AzureResourceId.IsOfType(resourceId, RegistryConfigParser.RegistryResourceType))
        {
            return $"'{resourceId}' is not a registry resource ID such as /subscriptions/<subscription id>/resourceGroups/<group>/providers/{RegistryConfigParser.RegistryResourceType}/<name>.";
        }

        return ExplainInvalidName(resourceId!.Trim().Trim('/').Split('/')[7]);
    }

    /// <summary>The host part of a login server or URL (e.g. <c>https://r.azurecr.io/v2/</c>), or null.</summary>
    public static string? TryGetHost(string value)
    {
        string trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            trimmed = "https://" + trimmed;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) && uri.HostNameType == UriHostNameType.Dns
            ? uri.IdnHost.TrimEnd('.')
            : null;
    }

    /// <summary>
    /// The registry's name in a login server's first label: <c>myreg</c> in <c>myreg.azurecr.io</c>, and in
    /// <c>myreg-&lt;hash&gt;.azurecr.io</c> (a registry created with an auto-generated domain name label scope); null when the
    /// label holds no valid name.
    /// </summary>
    public static string? NameOfLoginServer(string host)
    {
        string label = HostLabel(host);
        string name = label.Split('-')[0];
        return IsValidName(name) && (label == name || label.Length > name.Length + 1) ? name : null;
    }

    /// <summary>The first label of a login server, which every other host of the registry starts with (it may carry the hash suffix).</summary>
    public static string HostLabel(string loginServer) => loginServer.Split('.')[0].ToLowerInvariant();

    /// <summary>
    /// For a host that is not a login server but is given as one, the login server to use instead: the private link
    /// name <c>&lt;label&gt;.privatelink.&lt;suffix&gt;</c> (whose certificate never matches) or a regional endpoint
    /// <c>&lt;label&gt;.&lt;region&gt;.geo.&lt;suffix&gt;</c>. Null for any other host.
    /// </summary>
    public static string? LoginServerInsteadOf(string host, AzureCloudEnvironment environment)
    {
        string suffix = host.EndsWith("." + environment.ContainerRegistryEndpointSuffix, StringComparison.OrdinalIgnoreCase)
            ? environment.ContainerRegistryEndpointSuffix
            : AzureCloudEnvironment.FromRegistryHost(host)?.ContainerRegistryEndpointSuffix ?? "";
        if (suffix.Length == 0)
        {
            return null;
        }

        string[] labels = host[..^(suffix.Length + 1)].ToLowerInvariant().Split('.');
        bool privateLink = labels is [_, "privatelink"];
        bool regional = labels is [_, _, "geo"];
        return privateLink || regional ? $"{labels[0]}.{suffix}" : null;
    }

    public static string LoginServer(string name, AzureCloudEnvironment environment) =>
        $"{name.ToLowerInvariant()}.{environment.ContainerRegistryEndpointSuffix}";

    public static string DataEndpoint(string name, string region, AzureCloudEnvironment environment) =>
        $"{name.ToLowerInvariant()}.{region.ToLowerInvariant()}.data.{environment.ContainerRegistryEndpointSuffix}";

    public static string RegionalEndpoint(string hostLabel, string region, AzureCloudEnvironment environment) =>
        $"{hostLabel.ToLowerInvariant()}.{region.ToLowerInvariant()}.geo.{environment.ContainerRegistryEndpointSuffix}";

    /// <summary>The region of a regional endpoint host name (<c>&lt;reg&gt;.&lt;region&gt;.geo.&lt;suffix&gt;</c>).</summary>
    public static string? RegionOfRegionalEndpoint(string hostName)
    {
        string[] labels = hostName.Split('.');
        return labels.Length > 3 && labels[2].Equals("geo", StringComparison.OrdinalIgnoreCase) ? labels[1].ToLowerInvariant() : null;
    }

    /// <summary>
    /// Null unless the host is a data endpoint (<c>&lt;reg&gt;.&lt;region&gt;.data.&lt;suffix&gt;</c>); then what to give as
    /// the login server instead: clients log in to, and the registry's REST API answers at, <c>&lt;reg&gt;.&lt;suffix&gt;</c>.
    /// </summary>
    public static string? ExplainDataEndpointAsLoginServer(string host)
    {
        if (RegionOfDataEndpoint(host) is not { } region)
        {
            return null;
        }

        string[] labels = host.ToLowerInvariant().Split('.');
        string loginServer = $"{labels[0]}.{string.Join('.', labels[3..])}";
        return $"'{host}' is the registry's data endpoint for {region}, which serves layers only; its login server is {loginServer}. Use -LoginServer {loginServer}.";
    }

    /// <summary>The region of a data endpoint host name (<c>&lt;reg&gt;.&lt;region&gt;.data.&lt;suffix&gt;</c>).</summary>
    public static string? RegionOfDataEndpoint(string hostName)
    {
        string[] labels = hostName.Split('.');
        return labels.Length > 3 && labels[2].Equals("data", StringComparison.OrdinalIgnoreCase) ? labels[1].ToLowerInvariant() : null;
    }
}
