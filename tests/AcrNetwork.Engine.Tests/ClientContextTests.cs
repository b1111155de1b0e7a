using System.Collections;

namespace AcrNetwork.Tests;

public class ClientContextTests
{
    [Fact]
    public void RecognisesCloudShellByItsVariables()
    {
        Assert.Equal(ClientHostKind.CloudShell, ClientContext.FromEnvironment(new Hashtable { ["ACC_CLOUD"] = "PROD" }, false).HostKind);
        Assert.Equal(ClientHostKind.CloudShell, ClientContext.FromEnvironment(new Hashtable { ["AZUREPS_HOST_ENVIRONMENT"] = "cloud-shell/1.0" }, false).HostKind);
        Assert.False(ClientContext.FromEnvironment(new Hashtable { ["ACC_CLOUD"] = "PROD" }, false).EgressControllable);
    }

    [Fact]
    public void AnAutomationJobWinsOverOtherHints()
    {
        ClientContext context = ClientContext.FromEnvironment(new Hashtable { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" }, isAutomationJob: true);

        Assert.Equal(ClientHostKind.AzureAutomation, context.HostKind);
        Assert.False(context.EgressControllable);
    }

    [Fact]
    public void RecognisesAKubernetesPod() =>
        Assert.Equal(ClientHostKind.KubernetesPod, ClientContext.FromEnvironment(new Hashtable { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" }, false).HostKind);

    [Fact]
    public void AnOrdinaryMachineControlsItsEgress()
    {
        ClientContext context = ClientContext.FromEnvironment(new Hashtable(), false);

        Assert.Equal(ClientHostKind.Machine, context.HostKind);
        Assert.True(context.EgressControllable);
        Assert.Empty(context.ProxyVariables);
    }

    [Fact]
    public void ReportsProxyVariablesWithPasswordsMasked()
    {
        ClientContext context = ClientContext.FromEnvironment(
            new Hashtable { ["HTTPS_PROXY"] = "http://alice:s3cret@proxy.lab.test:3128", ["NO_PROXY"] = ".internal,localhost", ["UNRELATED"] = "x" }, false);

        Assert.Equal(["HTTPS_PROXY=http://alice:***@proxy.lab.test:3128", "NO_PROXY=.internal,localhost"], context.ProxyVariables.Select(v => v.ToString()));
    }
}
