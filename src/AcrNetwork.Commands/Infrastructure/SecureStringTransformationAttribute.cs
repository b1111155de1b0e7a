using System.Management.Automation;
using System.Net;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Lets a SecureString parameter (-AccessToken) also take a plain string, as Get-AzAccessToken
/// returned before Az.Accounts 5, so the secret is held the same way whichever form arrives. An empty
/// token is refused: taken as "no token", it would quietly hand the command to the credential chain.
/// </summary>
internal sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    private const string EmptyToken =
        "The access token is empty (an unset variable, or a command that gave no token?). Pass a token, e.g. (Get-AzAccessToken).Token, "
        + "or leave the parameter out to use the signed-in Az context or DefaultAzureCredential.";

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject ps ? ps.BaseObject : inputData) switch
        {
            SecureString secure when string.IsNullOrWhiteSpace(Reveal(secure)) => throw new ArgumentTransformationMetadataException(EmptyToken),
            SecureString secure => secure,
            string text when string.IsNullOrWhiteSpace(text) => throw new ArgumentTransformationMetadataException(EmptyToken),
            string text => ToSecureString(text),
            _ => throw new ArgumentTransformationMetadataException("Expected a string or a SecureString."),
        };

    internal static string Reveal(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

    private static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (char character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
