namespace AcrNetwork.Tests;

public class AcrErrorParserTests
{
    [Fact]
    public void ReadsTheFirewallRefusalWithTheClientIpAndCorrelationId()
    {
        AcrError? error = AcrErrorParser.Parse(
            """{"errors":[{"code":"DENIED","message":"client with IP \u0027203.0.113.10\u0027 is not allowed access. Refer https://aka.ms/acr/firewall to grant access. CorrelationId: 0b9a2c1e-7d4f-4e8a-9f1b-2c3d4e5f6a7b"}]}""");

        Assert.NotNull(error);
        Assert.Equal("DENIED", error.Code);
        Assert.Equal("203.0.113.10", error.ClientIp);
        Assert.Equal("0b9a2c1e-7d4f-4e8a-9f1b-2c3d4e5f6a7b", error.CorrelationId);
        Assert.StartsWith("client with IP '203.0.113.10' is not allowed", error.Message);
    }

    [Fact]
    public void ReadsAnIpv6ClientWithoutCorrelationId()
    {
        AcrError? error = AcrErrorParser.Parse("""{"errors":[{"code":"DENIED","message":"client with IP '2001:db8::7' is not allowed access."}]}""");

        Assert.Equal("2001:db8::7", error?.ClientIp);
        Assert.Null(error?.CorrelationId);
    }

    [Theory]
    [InlineData("""{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information."}]}""", "UNAUTHORIZED")]
    [InlineData("""{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"},{"code":"OTHER"}]}""", "TOOMANYREQUESTS")]
    [InlineData("""{"error":{"code":"AuthenticationFailed","message":"Authentication failed."}}""", "AuthenticationFailed")]
    [InlineData("""{"error":"invalid_grant","error_description":"the token is expired"}""", "invalid_grant")]
    [InlineData("""{"Errors":[{"Code":"DENIED","Message":"requested access to the resource is denied"}]}""", "DENIED")]
    public void ReadsTheShapesRegistriesAndTokenEndpointsUse(string body, string code)
    {
        AcrError? error = AcrErrorParser.Parse(body);

        Assert.Equal(code, error?.Code);
        Assert.Null(error?.ClientIp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>403 Forbidden</body></html>")]
    [InlineData("{\"errors\":[{\"code\":\"DENIED\"")]
    [InlineData("[]")]
    [InlineData("\"DENIED\"")]
    [InlineData("{}")]
    [InlineData("{\"errors\":[]}")]
    [InlineData("{\"errors\":[{\"message\":\"no code\"}]}")]
    [InlineData("{\"errors\":[\"DENIED\"]}")]
    [InlineData("{\"errors\":{\"code\":\"\"}}")]
    public void ReturnsNullForBodiesThatAreNotRegistryErrors(string? body) => Assert.Null(AcrErrorParser.Parse(body));

    [Fact]
    public void IgnoresAClientIpThatIsNotAnAddress()
    {
        AcrError? error = AcrErrorParser.Parse("""{"errors":[{"code":"DENIED","message":"client with IP '999.1.1.1.1' is not allowed access."}]}""");

        Assert.Equal("DENIED", error?.Code);
        Assert.Null(error?.ClientIp);
    }
}
