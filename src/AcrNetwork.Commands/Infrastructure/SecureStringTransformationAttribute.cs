using System.Management.Automation;
using System.Net;
using System.Security;

namespace AcrNetwork.Commands;

/// <summary>
/// Lets a SecureString parameter (-AccessToken) also take a plain string, as Get-AzAccessToken
/// returned before Az.Accounts 5, so the secret is held the same way whichever form arrives.
/// </summary>
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject ps ? ps.BaseObject : inputData) switch
        {
            SecureString secure => secure,
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
