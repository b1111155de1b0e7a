namespace AcrNetwork.Tests;

public class AuthenticationChallengeParserTests
{
    [Fact]
    public void ReadsAcrsChallenge()
    {
        BearerChallenge? challenge = AuthenticationChallengeParser.ParseBearer(
            ["Bearer realm=\"https://myreg.azurecr.io/oauth2/token\",service=\"myreg.azurecr.io\""]);

        Assert.Equal(new BearerChallenge("https://myreg.azurecr.io/oauth2/token", "myreg.azurecr.io", null), challenge);
    }

    [Fact]
    public void ReadsAScopeWithCommasAndColonsInsideQuotes()
    {
        BearerChallenge? challenge = AuthenticationChallengeParser.ParseBearer(
            ["Bearer realm=\"https://r.azurecr.io/oauth2/token\", service=\"r.azurecr.io\", scope=\"repository:samples/hello:pull,push\", error=\"invalid_token\""]);

        Assert.Equal("repository:samples/hello:pull,push", challenge?.Scope);
        Assert.Equal("r.azurecr.io", challenge?.Service);
    }

    [Fact]
    public void ReadsSeveralChallengesInOneHeaderAndAcrossHeaders()
    {
        IReadOnlyList<AuthenticationChallenge> challenges = AuthenticationChallengeParser.Parse(
            ["Basic realm=\"corp\", Bearer realm=\"https://r.azurecr.io/oauth2/token\",service=r.azurecr.io", "Negotiate abc+/def=="]);

        Assert.Equal(["Basic", "Bearer", "Negotiate"], challenges.Select(c => c.Scheme));
        Assert.Equal("corp", challenges[0].Parameters["realm"]);
        Assert.Equal("r.azurecr.io", challenges[1].Parameters["SERVICE"]);
        Assert.Equal("abc+/def==", challenges[2].Token68);
        Assert.Equal("r.azurecr.io", AuthenticationChallengeParser.ParseBearer(["Basic realm=\"corp\", Bearer realm=\"https://r.azurecr.io/oauth2/token\",service=r.azurecr.io"])?.Service);
    }

    [Fact]
    public void UnescapesQuotedPairs() =>
        Assert.Equal("a\"b\\c", Assert.Single(AuthenticationChallengeParser.Parse("Basic realm=\"a\\\"b\\\\c\"")).Parameters["realm"]);

    [Fact]
    public void ReadsSchemesWithoutParameters() =>
        Assert.Equal(["NTLM", "Negotiate"], AuthenticationChallengeParser.Parse("NTLM, Negotiate").Select(c => c.Scheme));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Basic realm=\"corp\"")]
    [InlineData("Bearer service=\"r.azurecr.io\"")]
    [InlineData("Bearer realm=\"/oauth2/token\",service=\"r.azurecr.io\"")]
    [InlineData("Bearer realm=\"https://r.azurecr.io/oauth2/token")]
    [InlineData("Bearer realm=")]
    [InlineData("Bearer realm=,service=x")]
    [InlineData("Bearer \"https://r.azurecr.io/oauth2/token\"")]
    [InlineData("=Bearer realm=\"https://r.azurecr.io/\"")]
    public void FindsNoBearerChallengeInMalformedOrOtherHeaders(string? header) =>
        Assert.Null(AuthenticationChallengeParser.ParseBearer(header is null ? [] : [header]));

    [Fact]
    public void KeepsWhatCameBeforeAMalformedParameter()
    {
        AuthenticationChallenge challenge = Assert.Single(AuthenticationChallengeParser.Parse("Bearer realm=\"https://r.azurecr.io/oauth2/token\",service=\"r.azurecr.io"));

        Assert.Equal("https://r.azurecr.io/oauth2/token", challenge.Parameters["realm"]);
        Assert.False(challenge.Parameters.ContainsKey("service"));
    }

    [Fact]
    public void SurvivesArbitraryBytes()
    {
        var random = new Random(4);
        for (int i = 0; i < 2000; i++)
        {
            char[] text = new char[random.Next(0, 80)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = "Bearer realm=\"\\,= \t/:abc"[random.Next(24)];
            }

            _ = AuthenticationChallengeParser.ParseBearer([new string(text)]);
        }
    }
}
