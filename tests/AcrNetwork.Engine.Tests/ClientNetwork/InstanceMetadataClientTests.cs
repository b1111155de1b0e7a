using System.Collections;
using System.Text.Json.Nodes;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests.ClientNetwork;

/// <summary>The Instance Metadata Service played on loopback: the real address is never asked here.</summary>
public class InstanceMetadataClientTests
{
    private static string Body()
    {
        // The upstream example's answer, copied unchanged (imds/2023-07-01/GetInstanceMetadata.json).
        JsonNode example = JsonNode.Parse(File.ReadAllText(TestData.PathOf("azure-rest-api-specs/imds/2023-07-01/GetInstanceMetadata.json")))!;
        return example["responses"]!["200"]!["body"]!.ToJsonString();
    }

    [Fact]
    public async Task AsksWithTheMetadataHeaderAndReadsTheVmResourceId()
    {
        var requests = new List<LoopbackRequest>();
        using var server = new LoopbackTcpServer(async (stream, token) =>
        {
            LoopbackRequest request = (await LoopbackHttp.ReadRequestAsync(stream, token))!;
            requests.Add(request);
            await LoopbackHttp.WriteResponseAsync(stream, 200, Body(), "Content-Type: application/json");
        });
        var client = InstanceMetadataClient.For(Configured($"http://{server.EndPoint}/"), TimeSpan.FromSeconds(5))!;

        (string? resourceId, string? failure) = await client.GetVirtualMachineIdAsync(CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal("/subscriptions/8d10da13-8125-4ba9-a717-bf7490507b3d/resourceGroups/macikgo-test-may-23/providers/Microsoft.Compute/virtualMachines/examplevmname", resourceId);
        LoopbackRequest sent = Assert.Single(requests);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("/metadata/instance?api-version=2023-07-01", sent.Target);
        Assert.Equal("true", sent.Headers["Metadata"]);
    }

    [Fact]
    public async Task OffAzureItSaysSoWithinItsBound()
    {
        var refused = InstanceMetadataClient.For(Configured($"http://{LoopbackTcpServer.ClosedPort()}/"), TimeSpan.FromSeconds(1))!;
        using var silent = new LoopbackTcpServer(async (stream, token) => await Task.Delay(Timeout.Infinite, token));
        var unanswered = new InstanceMetadataClient(new Uri($"http://{silent.EndPoint}/"), TimeSpan.FromMilliseconds(300));

        (string? none, string? why) = await refused.GetVirtualMachineIdAsync(CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (string? stillNone, string? timeout) = await unanswered.GetVirtualMachineIdAsync(CancellationToken.None);

        Assert.Null(none);
        Assert.Contains("cannot be reached", why);
        Assert.Null(stillNone);
        Assert.Contains("did not answer within 0.3 s: not an Azure VM", timeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{clock.Elapsed}");
    }

    [Fact]
    public void OffAnAzureVmItIsNeverAsked() =>
        Assert.Null(InstanceMetadataClient.For(new CredentialHost { ReadFile = _ => null }, TimeSpan.FromSeconds(1)));

    [Fact]
    public void OnAnAzureVmItAsksImdsOwnAddressWithinTheBound()
    {
        var client = InstanceMetadataClient.For(new CredentialHost { ReadFile = AzureChassis }, TimeSpan.FromSeconds(1))!;

        Assert.Equal(InstanceMetadataClient.DefaultEndpoint, client.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(1), client.Timeout);
    }

    [Fact]
    public void OnWindowsWhichHidesTheTagItAsksBriefly()
    {
        var client = InstanceMetadataClient.For(new CredentialHost { IsWindows = true }, TimeSpan.FromSeconds(1))!;

        Assert.Equal(InstanceMetadataClient.DefaultEndpoint, client.Endpoint);
        Assert.Equal(CredentialSourcePlan.ImdsProbeBound, client.Timeout);
    }

    private static CredentialHost Configured(string endpoint) =>
        new() { Variables = new Hashtable { [InstanceMetadataClient.EndpointVariable] = endpoint } };

    private static string? AzureChassis(string path) =>
        path == "/sys/class/dmi/id/chassis_asset_tag" ? "7783-7084-3265-9085\n" : null;
}
