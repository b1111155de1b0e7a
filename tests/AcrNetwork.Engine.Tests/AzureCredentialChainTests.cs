using Azure.Core;

namespace AcrNetwork.Tests;

public class AzureCredentialChainTests
{
    private static readonly TokenRequestContext ArmScope = new(["https://management.azure.com//.default"]);

    [Fact]
    public void AccessTokenComesFirst()
    {
        AzureCredential credential = AzureCredentialChain.Select("given-token", "az-token", AzureCloudEnvironment.AzureCloud);

        Assert.Equal(AzureCredentialSource.AccessToken, credential.Source);
        Assert.Equal("given-token", credential.Credential.GetToken(ArmScope, CancellationToken.None).Token);
    }

    [Fact]
    public void AzContextTokenComesNext()
    {
        AzureCredential credential = AzureCredentialChain.Select(accessToken: null, "az-token", AzureCloudEnvironment.AzureCloud);

        Assert.Equal(AzureCredentialSource.AzPowerShellContext, credential.Source);
        Assert.Equal("az-token", credential.Credential.GetToken(ArmScope, CancellationToken.None).Token);
    }

    [Fact]
    public void DefaultAzureCredentialsSourcesComeLastAsTheSessionsCredentialForTheCloud()
    {
        AzureCredential credential = AzureCredentialChain.Select(accessToken: " ", azContextToken: null, AzureCloudEnvironment.AzureChinaCloud);

        Assert.Equal(AzureCredentialSource.DefaultAzureCredential, credential.Source);
        Assert.Same(DiscoveredCredential.For(AzureCloudEnvironment.AzureChinaCloud), credential.Credential);
        Assert.NotSame(DiscoveredCredential.For(AzureCloudEnvironment.AzureCloud), credential.Credential);
    }

    [Fact]
    public void NothingShowsTheToken()
    {
        AzureCredential credential = AzureCredentialChain.Select("secret-token-value", azContextToken: null, AzureCloudEnvironment.AzureCloud);

        Assert.DoesNotContain("secret-token-value", credential.ToString());
        Assert.DoesNotContain("secret-token-value", credential.Credential.ToString());
        Assert.DoesNotContain("secret-token-value", credential.Description);
    }
}
