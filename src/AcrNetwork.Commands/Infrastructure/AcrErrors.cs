using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Every error the module reports, each with a stable id that scripts can branch on
/// (<c>$_.FullyQualifiedErrorId</c> starts with it), a category and the input it concerns.
/// </summary>
internal static class AcrErrors
{
    public static ErrorRecord InputFileNotFound(string path) => new(
        new FileNotFoundException($"Cannot find the file '{path}'.", path),
        "InputFileNotFound", ErrorCategory.ObjectNotFound, path);

    public static ErrorRecord InputFileUnreadable(string path, Exception inner) => new(
        new IOException($"Cannot read '{path}': {inner.Message}", inner),
        "InputFileUnreadable", ErrorCategory.ReadError, path);

    public static ErrorRecord InvalidConfiguration(object target, RegistryConfigFormatException inner) => new(
        inner, "InvalidRegistryConfiguration", ErrorCategory.InvalidData, target);

    public static ErrorRecord UnsupportedInput(object target) => new(
        new ArgumentException(
            $"Cannot read a registry from an object of type '{TypeNameOf(target)}'. {ExpectedInput}"),
        "UnsupportedInputObject", ErrorCategory.InvalidArgument, target);

    /// <summary>Piped text that is neither JSON, a registry name nor a login server.</summary>
    public static ErrorRecord InvalidRegistryText(string text) => new(
        new ArgumentException($"'{text}' is not a registry name (5-50 letters and digits, such as 'myregistry') or a login server (such as 'myregistry.azurecr.io'). {ExpectedInput}"),
        "InvalidRegistryInput", ErrorCategory.InvalidArgument, text);

    public static ErrorRecord InvalidLoginServer(string loginServer) => new(
        new ArgumentException($"'{loginServer}' is not a registry login server such as 'myregistry.azurecr.io'."),
        "InvalidLoginServer", ErrorCategory.InvalidArgument, loginServer);

    /// <summary>A private link name or a regional endpoint given where the login server belongs.</summary>
    public static ErrorRecord NotALoginServer(string given, string loginServer) => new(
        new ArgumentException($"'{given}' is not the registry's login server: {(given.Contains(".privatelink.", StringComparison.OrdinalIgnoreCase)
            ? "it is the private link name, which only the private DNS zone knows and which the registry's certificate does not cover"
            : "it is one of the registry's regional endpoints")}. Use -LoginServer {loginServer}."),
        "NotALoginServer", ErrorCategory.InvalidArgument, given);

    /// <summary>A piped AKS cluster whose registries could not be found: the registry has to be named.</summary>
    public static ErrorRecord AksClusterRegistryUnknown(AksCluster cluster, string why) => new(
        new InvalidOperationException($"Cannot tell which registry {cluster.Name} pulls from: {why} Name it: Invoke-AcrTroubleshooter -Name <registry> -AksClusterId {cluster.ResourceId ?? "<cluster resource ID>"}."),
        "AksClusterRegistryUnknown", ErrorCategory.ObjectNotFound, cluster.ResourceId ?? cluster.Name);
    public static ErrorRecord DataEndpointAsLoginServer(string loginServer, string explanation) => new(
        new ArgumentException(explanation),
        "DataEndpointAsLoginServer", ErrorCategory.InvalidArgument, loginServer);

    /// <summary>A read from Azure Resource Manager that gave no registry at all (a part that failed is a warning instead).</summary>
    public static ErrorRecord ArmReadFailed(ArmReadException exception, object target) => exception.Failure switch
    {
        ArmFailure.NotFound => new(exception, "RegistryNotFound", ErrorCategory.ObjectNotFound, target),
        ArmFailure.Forbidden => new(exception, "RegistryAccessDenied", ErrorCategory.PermissionDenied, target),
        ArmFailure.CredentialUnavailable => new(
            new ArmReadException(
                exception.Failure,
                exception.ResourceId,
                "No Azure credential is available to read the registry's configuration. Pass -AccessToken, sign in with Connect-AzAccount (in this session) or 'az login', or run where a managed identity or workload identity is configured.",
                inner: exception),
            "AzureCredentialUnavailable", ErrorCategory.AuthenticationError, target),
        ArmFailure.AuthenticationFailed => new(exception, "AzureAuthenticationFailed", ErrorCategory.AuthenticationError, target),
        ArmFailure.InvalidResponse => new(exception, "InvalidArmResponse", ErrorCategory.InvalidData, target),
        ArmFailure.Unavailable => new(exception, "ArmUnavailable", ErrorCategory.ResourceUnavailable, target),
        ArmFailure.Unreachable => new(exception, "ArmUnreachable", ErrorCategory.ConnectionError, target),
        _ => new(exception, "ArmRequestFailed", ErrorCategory.InvalidOperation, target),
    };

    public static ErrorRecord ConflictingParameters(string first, string second) => new(
        new ArgumentException($"-{first} and -{second} cannot be used together."),
        "ConflictingParameters", ErrorCategory.InvalidArgument, null);

    /// <summary>The value is not repeated: a proxy URL may carry a password.</summary>
    public static ErrorRecord InvalidProxy() => new(
        new ArgumentException("-Proxy needs an absolute http:// or https:// URL such as http://proxy.contoso.com:3128."),
        "InvalidProxy", ErrorCategory.InvalidArgument, null);

    /// <summary>-FailOnError: a diagnosis found an Error. The message names the registry, the verdict and the primary cause.</summary>
    public static ErrorRecord DiagnosisFoundError(IReadOnlyList<Diagnosis> diagnoses)
    {
        Diagnosis first = diagnoses[0];
        Finding cause = first.Findings.First(f => f.Severity == FindingSeverity.Error);
        string more = diagnoses.Count > 1 ? $" {diagnoses.Count - 1} more registr{(diagnoses.Count == 2 ? "y has" : "ies have")} errors too." : "";
        return new ErrorRecord(
            new InvalidOperationException($"{first.LoginServer} is {first.Verdict}: {cause.Code}: {cause.Summary} Fix: {cause.Remediation}{more}"),
            $"RegistryDiagnosisFoundError,{typeof(InvokeAcrTroubleshooterCommand).FullName}", ErrorCategory.ResourceUnavailable, first);
    }

    /// <summary>
    /// A registry whose diagnosis ended in an exception nobody expected: the other registries are still diagnosed. The
    /// message is redacted and the exception not kept, as what it quotes may carry a secret.
    /// </summary>
    public static ErrorRecord DiagnosisFailed(DiagnosisRequest request, Exception exception)
    {
        string registry = string.IsNullOrEmpty(request.LoginServer) ? request.Registry : request.LoginServer;
        return new(
            new InvalidOperationException($"{registry} could not be diagnosed: {Redaction.Message(exception)}"),
            "RegistryDiagnosisFailed", ErrorCategory.InvalidOperation, registry);
    }

    private const string ExpectedInput =
        "Pipe registry names or login servers, this module's objects (RegistryNetworkConfig, Diagnosis, RequiredEndpoint, DnsResolution, EndpointTest), "
        + "objects from Get-AzContainerRegistry or ConvertFrom-Json, or 'az acr show -o json' output.";

    private static string TypeNameOf(object target) =>
        target is PSObject ps ? ps.TypeNames.FirstOrDefault() ?? ps.BaseObject.GetType().FullName! : target.GetType().FullName!;
}
