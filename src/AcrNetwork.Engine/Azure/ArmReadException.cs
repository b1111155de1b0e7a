using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
namespace AcrNetwork;

/// <summary>Why a read from Azure Resource Manager failed, as a caller decides what to do about it.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ArmFailure
{
    /// <summary>No credential in the chain could give a token.</summary>
    CredentialUnavailable,

    /// <summary>A credential was found but signing in failed, or ARM refused the token (401).</summary>
    AuthenticationFailed,

    /// <summary>403: the identity may not read this resource.</summary>
    Forbidden,

    /// <summary>404: the resource (or its resource group or subscription) does not exist.</summary>
    NotFound,

    /// <summary>429 or 5xx, still failing after the retry policy's attempts.</summary>
    Unavailable,

    /// <summary>Any other error status.</summary>
    Rejected,

    /// <summary>The answer was not the JSON the module expects.</summary>
    InvalidResponse,

    /// <summary>No answer: DNS, TCP or TLS failed on the way to ARM.</summary>
    Unreachable,
}

/// <summary>
/// A read from ARM failed. The message is redacted (it often quotes the SDK's, which quotes URIs and proxies), and an
/// inner exception is kept only when its own messages hold no secret: errors and their JSON show the whole chain.
/// </summary>
public sealed class ArmReadException(
    ArmFailure failure, string resourceId, string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
    : Exception(Redaction.Text(message), Redaction.IsClean(inner) ? inner : null)
{
    public ArmFailure Failure { get; } = failure;
    public string ResourceId { get; } = resourceId;
    public int? StatusCode { get; } = statusCode;

    /// <summary>The proxy ARM was reached through (without credentials); null for a direct connection.</summary>
    public string? Proxy { get; init; }

    /// <summary>How the proxy failed the request (e.g. 407), when it was the proxy that failed it.</summary>
    public ProxyStatus? ProxyStatus { get; init; }

    /// <summary>ARM's own error code (<c>AuthorizationFailed</c>, <c>ResourceNotFound</c>, ...), when it sent one.</summary>
    public string? ErrorCode { get; } = errorCode;
}
