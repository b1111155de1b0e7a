using System.Net.Http;

namespace AcrNetwork.Tests;

public class RedactionTests
{
    [Theory]
    [InlineData("http://proxy:3128", "http://proxy:3128")]
    [InlineData("http://user@proxy:3128", "http://user@proxy:3128")]
    [InlineData("user:pw@proxy:3128", "user:***@proxy:3128")]
    [InlineData("https://u:p:q@proxy", "https://u:***@proxy")]
    [InlineData("http://user:p@ss@proxy:3128/", "http://user:***@proxy:3128/")]
    public void MasksOnlyThePasswordOfUserInfo(string value, string expected) => Assert.Equal(expected, Redaction.Text(value));

    [Fact]
    public void MasksTheProxyPasswordInTheMessageDotNetGivesForA407()
    {
        // The text SocketsHttpHandler gives when a proxy refuses CONNECT, quoting the proxy with its user info.
        const string message = "The proxy tunnel request to proxy 'http://labuser:0123abcd4567ef89@10.20.0.1:3128/' failed with status code '407'.";

        string safe = Redaction.Text($"Cannot reach Azure Resource Manager at https://management.azure.test/ through the proxy http://labuser:0123abcd4567ef89@10.20.0.1:3128/: {message}");

        Assert.DoesNotContain("0123abcd4567ef89", safe);
        Assert.Contains("'http://labuser:***@10.20.0.1:3128/' failed with status code '407'", safe);
        Assert.Contains("through the proxy http://labuser:***@10.20.0.1:3128/:", safe);
    }

    [Theory]
    [InlineData("https://r.blob.core.windows.net/c/b?sv=2021-08-06&se=2030&sr=b&sp=r&sig=abcDEF123%2B%3D", "https://r.blob.core.windows.net/c/b?sv=2021-08-06&se=2030&sr=b&sp=r&sig=***")]
    [InlineData("grant_type=refresh_token&service=r.azurecr.io&refresh_token=opaque-value-1", "grant_type=refresh_token&service=r.azurecr.io&refresh_token=***")]
    [InlineData("https://h/cb?code=xyz123&state=1", "https://h/cb?code=***&state=1")]
    [InlineData("{\"access_token\": \"opaque-value-2\"}", "{\"access_token\": \"***\"}")]
    [InlineData("Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer ***")]
    public void MasksTokensAndSignaturesByName(string value, string expected) => Assert.Equal(expected, Redaction.Text(value));

    [Fact]
    public void MasksAJwtWhereverItAppears()
    {
        const string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl";

        Assert.Equal("token was *** and then", Redaction.Text($"token was {jwt} and then"));
    }

    [Fact]
    public void MasksARegisteredSecretOfAnyShapeInItsPlainAndEscapedForms()
    {
        string secret = $"opaque/{Guid.NewGuid():N}+=";
        Redaction.Register(secret);

        Assert.Equal("a *** b *** c", Redaction.Text($"a {secret} b {Uri.EscapeDataString(secret)} c"));
    }

    [Fact]
    public void LeavesOrdinaryTextAlone()
    {
        const string text = "contoso.azurecr.io (Rest, 192.0.2.10): 403 DENIED: client with IP '203.0.113.10' is not allowed access. HTTPS_PROXY=http://proxy:3128 applies.";

        Assert.Equal(text, Redaction.Text(text));
    }

    [Fact]
    public void MessageJoinsInnerMessagesOnceAndRedactsThem()
    {
        var inner = new HttpRequestException("The proxy tunnel request to proxy 'http://u:hunter2hunter2@p:3128/' failed with status code '407'.");
        var outer = new InvalidOperationException("Reading failed.", inner);

        Assert.Equal("Reading failed. The proxy tunnel request to proxy 'http://u:***@p:3128/' failed with status code '407'.", Redaction.Message(outer));
        Assert.False(Redaction.IsClean(outer));
        Assert.True(Redaction.IsClean(new InvalidOperationException("Reading failed.")));
    }

    [Fact]
    public void AnArmReadExceptionNeverCarriesASecretInItsMessageOrItsInnerExceptions()
    {
        var inner = new HttpRequestException("The proxy tunnel request to proxy 'http://u:hunter2hunter2@p:3128/' failed with status code '407'.");

        var exception = new ArmReadException(ArmFailure.Unreachable, "/subscriptions/x", $"Cannot reach ARM: {inner.Message}", inner: inner);

        Assert.DoesNotContain("hunter2hunter2", exception.Message);
        Assert.Null(exception.InnerException);
    }
}
