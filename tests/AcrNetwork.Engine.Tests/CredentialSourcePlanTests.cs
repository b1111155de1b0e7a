using System.Collections;

namespace AcrNetwork.Tests;

public class CredentialSourcePlanTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static CredentialHost Host(Hashtable? variables = null, Dictionary<string, string>? files = null, bool hasAz = false, bool windows = false) => new()
    {
        Variables = variables ?? [],
        ReadFile = path => files is not null && files.TryGetValue(path, out string? text) ? text : null,
        HasCommand = command => hasAz && command == "az",
        IsWindows = windows,
        HomeDirectory = "/home/user",
    };

    private static IEnumerable<string> Names(CredentialSourcePlan plan) => plan.Candidates.Select(c => c.Name);

    [Fact]
    public void AnEmptyLinuxHostOffersNoSourceAndSaysWhyForEach()
    {
        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Empty(plan.Candidates);
        Assert.Equal(4, plan.Skipped.Count);
        Assert.Contains(plan.Skipped, s => s.StartsWith("ManagedIdentityCredential: no IDENTITY_ENDPOINT or MSI_ENDPOINT, and this is not an Azure VM", StringComparison.Ordinal));
        Assert.Contains(plan.Skipped, s => s.StartsWith("AzureCliCredential:", StringComparison.Ordinal));
    }

    [Fact]
    public void ServicePrincipalVariablesAndAManagedIdentityEndpointAreAskedInDefaultAzureCredentialsOrder()
    {
        var variables = new Hashtable
        {
            ["AZURE_TENANT_ID"] = "tenant",
            ["AZURE_CLIENT_ID"] = "client",
            ["AZURE_CLIENT_SECRET"] = "secret",
            ["AZURE_FEDERATED_TOKEN_FILE"] = "/var/run/secrets/azure/tokens/azure-identity-token",
            ["IDENTITY_ENDPOINT"] = "http://localhost:42356/msi/token",
        };

        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(variables), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(["EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential"], Names(plan));
        Assert.All(plan.Candidates, c => Assert.Equal(Bound, c.Bound));
    }

    [Fact]
    public void CloudShellsMsiEndpointMeansAManagedIdentity()
    {
        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(new Hashtable { ["MSI_ENDPOINT"] = "http://localhost:50342/oauth2/token" }), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(["ManagedIdentityCredential"], Names(plan));
    }

    [Fact]
    public void AClientIdAloneIsNotAServicePrincipal()
    {
        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(new Hashtable { ["AZURE_CLIENT_ID"] = "client", ["AZURE_TENANT_ID"] = "tenant" }), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Empty(plan.Candidates);
    }

    [Fact]
    public void ImdsIsProbedOnAnAzureVmByItsChassisAssetTag()
    {
        var files = new Dictionary<string, string> { ["/sys/class/dmi/id/chassis_asset_tag"] = "7783-7084-3265-9085\n" };

        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(files: files), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(["ManagedIdentityCredential"], Names(plan));
    }

    [Fact]
    public void AnotherMachinesAssetTagMeansNoImdsProbe()
    {
        var files = new Dictionary<string, string> { ["/sys/class/dmi/id/chassis_asset_tag"] = "No Asset Tag\n" };

        Assert.Empty(CredentialSourcePlan.For(Host(files: files), AzureCloudEnvironment.AzureCloud, Bound).Candidates);
    }

    [Fact]
    public void WindowsCannotTellSoImdsIsProbedWithinTheTightBound()
    {
        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(windows: true), AzureCloudEnvironment.AzureCloud, Bound);

        CredentialCandidate probe = Assert.Single(plan.Candidates);
        Assert.Equal("ManagedIdentityCredential", probe.Name);
        Assert.Equal(CredentialSourcePlan.ImdsProbeBound, probe.Bound);
    }

    [Fact]
    public void ThePodIdentityHostNamesImds()
    {
        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(new Hashtable { ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = "http://127.0.0.1:2377" }), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(["ManagedIdentityCredential"], Names(plan));
    }

    [Theory]
    [InlineData("""{"installationId": "x", "subscriptions": []}""", false)]
    [InlineData("\uFEFF{\"installationId\": \"x\", \"subscriptions\": [{\"id\": \"00000000-0000-0000-0000-000000000000\", \"isDefault\": true}]}", true)]
    public void TheAzureCliIsAskedOnlyWhenItsProfileListsASignIn(string profile, bool asked)
    {
        var files = new Dictionary<string, string> { ["/home/user/.azure/azureProfile.json"] = profile };

        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(files: files, hasAz: true), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(asked, Names(plan).Contains("AzureCliCredential"));
    }

    [Fact]
    public void TheAzureCliProfileIsReadFromAzureConfigDir()
    {
        var files = new Dictionary<string, string> { ["/cfg/azureProfile.json"] = """{"subscriptions": [{"id": "s"}]}""" };

        CredentialSourcePlan plan = CredentialSourcePlan.For(Host(new Hashtable { ["AZURE_CONFIG_DIR"] = "/cfg" }, files, hasAz: true), AzureCloudEnvironment.AzureCloud, Bound);

        Assert.Equal(["AzureCliCredential"], Names(plan));
    }

    [Fact]
    public void ASignedInProfileWithoutTheCliIsNotASource()
    {
        var files = new Dictionary<string, string> { ["/home/user/.azure/azureProfile.json"] = """{"subscriptions": [{"id": "s"}]}""" };

        Assert.Empty(CredentialSourcePlan.For(Host(files: files, hasAz: false), AzureCloudEnvironment.AzureCloud, Bound).Candidates);
    }
}
