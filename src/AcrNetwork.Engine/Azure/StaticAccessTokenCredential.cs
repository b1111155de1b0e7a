using Azure.Core;

namespace AcrNetwork;

/// <summary>
/// A token the user handed over (-AccessToken). Its expiry is unknown, so it is offered as it is
/// and a refusal is reported by whoever uses it. The token never appears in ToString or errors.
/// </summary>
internal sealed class StaticAccessTokenCredential : TokenCredential
{
    private readonly string token;

    public StaticAccessTokenCredential(string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The access token is empty.", nameof(token));
        }

        this.token = token.Trim();
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.MaxValue);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));

    public override string ToString() => nameof(StaticAccessTokenCredential);
}
