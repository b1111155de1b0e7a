using System.Reflection;

namespace AcrNetwork;

/// <summary>
/// What every finding code means: severity, cause, the symptom a user sees and where to read more, as
/// <see cref="FindingCode"/> declares it. The codes are a public contract (findings.md); a rule names a code and
/// supplies the facts.
/// </summary>
internal static class FindingCatalog
{
    /// <summary>The guides a finding links to.</summary>
    internal static class Guides
    {
        private const string Docs = "https://learn.microsoft.com/azure/";
        public const string TroubleshootNetwork = Docs + "container-registry/container-registry-troubleshoot-access";
        public const string FirewallRules = Docs + "container-registry/container-registry-firewall-access-rules";
        public const string SelectedNetworks = Docs + "container-registry/container-registry-access-selected-networks";
        public const string PrivateLink = Docs + "container-registry/container-registry-private-link";
        public const string PrivateEndpointDns = Docs + "private-link/private-endpoint-dns";
        public const string TrustedServices = Docs + "container-registry/allow-access-trusted-services";
        public const string Authentication = Docs + "container-registry/container-registry-authentication";
        public const string RegistrySkus = Docs + "container-registry/container-registry-skus";
        public const string RegistryFaq = Docs + "container-registry/container-registry-faq";
        public const string ServiceEndpoints = Docs + "container-registry/container-registry-vnet";
        public const string ResourceProviders = Docs + "azure-resource-manager/management/resource-providers-and-types";
        public const string HybridRunbookWorker = Docs + "automation/automation-hybrid-runbook-worker";
        public const string AksIntegration = Docs + "aks/cluster-container-registry-integration";
        public const string NetworkSecurityGroups = Docs + "virtual-network/network-security-groups-overview";
        public const string UserDefinedRoutes = Docs + "virtual-network/virtual-networks-udr-overview";
        public const string Peering = Docs + "virtual-network/virtual-network-peering-overview";
        public const string AzureFirewallRules = Docs + "firewall/rule-processing";
    }

    public static class Symptoms
    {
        public const string NameDoesNotResolve = "dial tcp: lookup <registry>: no such host";
        public const string Timeout = "Client.Timeout exceeded while awaiting headers";
        public const string CannotConnect = "Could not connect to the registry login server";
        public const string AzureServicePullFails = "Pulls fail from AKS or another Azure service";
        public const string Forbidden = "login attempt failed with status: 403 Forbidden";
        public const string ProxyConnectEof = "proxyconnect tcp: EOF";
        public const string FailedToSaveSettings = "Failed to save firewall and virtual network settings";
        public const string CannotManageSettings = "Portal / CLI cannot show or manage the registry's settings";
        public const string CannotModifyRules = "Cannot add or modify virtual network or public access rules";
        public const string TasksCannotPushOrPull = "ACR Tasks cannot push or pull";
        public const string DefenderCannotScan = "Microsoft Defender for Cloud cannot scan images, or results do not appear";
        public const string HostNotReachable = "host is not reachable";
        public const string UnknownAuthority = "x509: certificate signed by unknown authority";
        public const string LayersFail = "Login works but pulling layers fails";
        public const string TooManyRequests = "toomanyrequests: 429 Too Many Requests";
        public const string Unauthorized = "unauthorized: authentication required";
        public const string CertificateNameMismatch = "x509: certificate is valid for <registry>, not <host>";
        public const string AksPullUnauthorized = "Failed to pull image: failed to authorize: failed to fetch anonymous token: 401 Unauthorized";
        public const string ManifestUnknown = "manifest unknown: manifest tagged by <tag> is not found";
    }

    /// <summary>Every code's definition, read once from the declaration of <see cref="FindingCode"/>.</summary>
    public static IReadOnlyDictionary<FindingCode, FindingDefinition> Definitions { get; } = Enum.GetValues<FindingCode>().ToDictionary(code => code, Define);

    /// <summary>A finding of a catalogued code.</summary>
    /// <param name="stage">Where on the pull path the cause acts, when not the code's usual stage.</param>
    public static Finding Create(
        FindingCode code,
        string target,
        string summary,
        IEnumerable<string> evidence,
        string remediation,
        FindingScope scope = FindingScope.AllPulls,
        PullStage? stage = null)
    {
        if (!Definitions.TryGetValue(code, out FindingDefinition? definition))
        {
            throw new ArgumentException($"'{code}' is not a finding code of the catalogue.", nameof(code));
        }

        return new Finding
        {
            CatalogCode = code,
            Severity = definition.Severity,
            Cause = definition.Cause,
            Symptom = definition.Symptom,
            Target = target,
            Summary = summary,
            Evidence = evidence.ToList(),
            Remediation = remediation,
            DocumentationUrl = definition.DocumentationUrl,
            Stage = stage ?? definition.Stage,
            Scope = scope,
        };
    }

    private static FindingDefinition Define(FindingCode code)
    {
        FindingAttribute meaning = typeof(FindingCode).GetField(code.ToString())!.GetCustomAttribute<FindingAttribute>()
            ?? throw new InvalidOperationException($"The finding code {code} declares no meaning.");
        return new(code, meaning.Severity, meaning.Cause, meaning.Symptom, meaning.DocumentationUrl, meaning.Stage);
    }
}

/// <param name="Stage">The stage of the pull path where the cause usually acts.</param>
internal sealed record FindingDefinition(FindingCode Code, FindingSeverity Severity, FindingCause Cause, string Symptom, string DocumentationUrl, PullStage Stage);

/// <summary>What a <see cref="FindingCode"/> means; declared on the code, read into <see cref="FindingCatalog.Definitions"/>.</summary>
/// <param name="stage">The stage of the pull path where the cause usually acts.</param>
/// <param name="symptom">The client error a user would have seen (<see cref="FindingCatalog.Symptoms"/>).</param>
/// <param name="documentationUrl">The guide to read (<see cref="FindingCatalog.Guides"/>).</param>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class FindingAttribute(PullStage stage, FindingSeverity severity, FindingCause cause, string symptom, string documentationUrl) : Attribute
{
    public PullStage Stage { get; } = stage;
    public FindingSeverity Severity { get; } = severity;
    public FindingCause Cause { get; } = cause;
    public string Symptom { get; } = symptom;
    public string DocumentationUrl { get; } = documentationUrl;
}
