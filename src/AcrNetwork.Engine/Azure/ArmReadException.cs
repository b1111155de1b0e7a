namespace AcrNetwork;

/// <summary>Why a read from Azure Resource Manager failed, as a caller decides what to do about it.</summary>
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

/// <summary>A read from ARM failed. The message never carries a token.</summary>
public sealed class ArmReadException(
    ArmFailure failure, string resourceId, string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ArmFailure Failure { get; } = failure;
    public string ResourceId { get; } = resourceId;
    public int? StatusCode { get; } = statusCode;

    /// <summary>ARM's own error code (<c>AuthorizationFailed</c>, <c>ResourceNotFound</c>, ...), when it sent one.</summary>
    public string? ErrorCode { get; } = errorCode;
}
