using System.Net;
using AcrNetwork.Tests.Loopback;

namespace AcrNetwork.Tests;

/// <summary>A registry's names, what its configuration expects of them, and how answers compare.</summary>
public class PrivateEndpointResolutionTests
{
    private static readonly AzureCloudEnvironment Lab = new("Lab", "https://management.lab.test/", "azurecr.test", "https://login.lab.test/", "core.lab.test");

    private static RegistryNetworkConfig PrivateRegistry() => new()
    {
        Name = "contoso",
        LoginServer = "contoso.azurecr.test",
        Location = "westus",
        Replications = [new RegistryReplication { Name = "eastus", Region = "eastus" }],
        DataEndpointEnabled = true,
        PrivateEndpoints =
        [
            new RegistryPrivateEndpoint
            {
                Name = "pe",
                Addresses =
                [
                    new PrivateEndpointAddress { Fqdn = "contoso.azurecr.test", IPAddress = "10.1.0.4" },
                    new PrivateEndpointAddress { Fqdn = "contoso.westus.data.privatelink.azurecr.test", IPAddress = "10.1.0.5" },
                ],
            },
        ],
    };

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("192.0.2.10", false)]
    [InlineData("20.42.0.1", false)]
    [InlineData("fd12::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:10.1.0.4", true)]
    public void ClassifiesAddresses(string address, bool isPrivate) => Assert.Equal(isPrivate, AddressClassifier.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void PlansTheRestEndpointAndOneDataEndpointPerRegion()
    {
        IReadOnlyList<ProbeTarget> targets = ProbeTargets.For(PrivateRegistry(), Lab);

        Assert.Equal(["contoso.azurecr.test", "contoso.westus.data.azurecr.test", "contoso.eastus.data.azurecr.test"], targets.Select(t => t.Fqdn));
        Assert.Equal([EndpointPurpose.Rest, EndpointPurpose.Data, EndpointPurpose.Data], targets.Select(t => t.Role));
        Assert.Equal(["westus", "westus", "eastus"], targets.Select(t => t.Region));
        Assert.Equal(["contoso.privatelink.azurecr.test", "contoso.westus.data.privatelink.azurecr.test", "contoso.eastus.data.privatelink.azurecr.test"], targets.Select(t => t.PrivateLinkFqdn));
        // The endpoint's addresses may be listed under the public name or the private link name.
        Assert.Equal(["10.1.0.4", "10.1.0.5", null], targets.Select(t => t.ExpectedAddress));
        Assert.All(targets, t => Assert.True(t.HasPrivateEndpoint));
    }

    [Fact]
    public void PlansOnlyTheRestEndpointWithoutDataEndpoints()
    {
        var registry = new RegistryNetworkConfig { Name = "open", LoginServer = "open.azurecr.io", Location = "westeurope" };

        ProbeTarget target = Assert.Single(ProbeTargets.For(registry, AzureCloudEnvironment.AzureCloud));

        Assert.False(target.HasPrivateEndpoint);
        Assert.Null(target.PrivateLinkFqdn);
    }

    [Theory]
    [InlineData("r.azurecr.io", "r.privatelink.azurecr.io")]
    [InlineData("r.westus.data.azurecr.io", "r.westus.data.privatelink.azurecr.io")]
    [InlineData("r.azurecr.us", "r.privatelink.azurecr.us")]
    [InlineData("r.privatelink.azurecr.io", null)]
    [InlineData("r.example.com", null)]
    public void NamesThePrivateLinkRecord(string fqdn, string? privateLink) =>
        Assert.Equal(privateLink, ProbeTargets.PrivateLinkName(fqdn, AzureCloudEnvironment.AzureCloud));

    [Theory]
    [InlineData(DnsStatus.Resolved, "10.1.0.4", PrivateEndpointMatch.Matches)]
    [InlineData(DnsStatus.Resolved, "192.0.2.10", PrivateEndpointMatch.ResolvesPublic)]
    [InlineData(DnsStatus.Resolved, "10.9.9.9", PrivateEndpointMatch.OtherPrivateAddress)]
    [InlineData(DnsStatus.NameNotFound, null, PrivateEndpointMatch.Missing)]
    [InlineData(DnsStatus.NoRecord, null, PrivateEndpointMatch.Missing)]
    [InlineData(DnsStatus.Timeout, null, null)]
    public void ComparesAnswersWithThePrivateEndpoint(DnsStatus status, string? address, PrivateEndpointMatch? match)
    {
        ProbeTarget rest = ProbeTargets.For(PrivateRegistry(), Lab)[0];

        Assert.Equal(match, ProbeTargets.Match(rest, status, address is null ? [] : [IPAddress.Parse(address)]));
    }

    [Fact]
    public void CannotVerifyAPrivateAnswerWithoutTheEndpointsAddress()
    {
        ProbeTarget eastus = ProbeTargets.For(PrivateRegistry(), Lab)[2];

        Assert.Equal(PrivateEndpointMatch.PrivateUnverified, ProbeTargets.Match(eastus, DnsStatus.Resolved, [IPAddress.Parse("10.1.0.6")]));
        Assert.Equal(PrivateEndpointMatch.ResolvesPublic, ProbeTargets.Match(eastus, DnsStatus.Resolved, [IPAddress.Parse("192.0.2.21")]));
    }

    // The loopback servers answer every query at once: the deadline only covers a busy machine's scheduling.
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ComparesEachResolverSideBySideAndChecksThePrivateLinkRecord()
    {
        // The VNet's resolver holds the private zone; a custom DNS server forwards to public DNS instead.
        using var vnet = new LoopbackDnsServer()
            .Alias("contoso.azurecr.test", "contoso.privatelink.azurecr.test")
            .Address("contoso.privatelink.azurecr.test", "10.1.0.4");
        using var custom = new LoopbackDnsServer()
            .Alias("contoso.azurecr.test", "contoso.privatelink.azurecr.test")
            .Alias("contoso.privatelink.azurecr.test", "reg1.westus.azcr.test")
            .Address("reg1.westus.azcr.test", "192.0.2.10");
        var resolver = new RegistryNameResolver([NameResolver.ForServer(vnet.EndPoint), NameResolver.ForServer(custom.EndPoint)], AnswerDeadline);

        IReadOnlyList<DnsResolution> answers = await resolver.ResolveAsync(ProbeTargets.For(PrivateRegistry(), Lab)[0], CancellationToken.None);

        Assert.Equal([NameResolver.Format(vnet.EndPoint), NameResolver.Format(custom.EndPoint)], answers.Select(a => a.Resolver));
        Assert.Equal([PrivateEndpointMatch.Matches, PrivateEndpointMatch.ResolvesPublic], answers.Select(a => a.PrivateEndpointMatch));
        Assert.Equal([true, false], answers.Select(a => a.IsPrivate));
        Assert.Equal(["10.1.0.4"], answers[0].PrivateLinkAddresses);
        Assert.Equal(PrivateEndpointMatch.ResolvesPublic, answers[1].PrivateLinkMatch);
        Assert.Equal("10.1.0.4", answers[1].ExpectedAddress);
        Assert.Contains("gives a public address", answers[1].Message);
        Assert.All(answers, a => Assert.Equal("contoso", a.Registry));
    }

    [Fact]
    public async Task AsksForThePrivateLinkRecordWhenTheChainDoesNotPassThroughIt()
    {
        // A corporate zone answers the registry name itself; the private link zone has a stale record.
        using var corporate = new LoopbackDnsServer()
            .Address("contoso.westus.data.azurecr.test", "10.1.0.5")
            .Address("contoso.westus.data.privatelink.azurecr.test", "10.7.7.7");

        DnsResolution answer = Assert.Single(await new RegistryNameResolver([NameResolver.ForServer(corporate.EndPoint)], AnswerDeadline)
            .ResolveAsync(ProbeTargets.For(PrivateRegistry(), Lab)[1], CancellationToken.None));

        Assert.Equal(PrivateEndpointMatch.Matches, answer.PrivateEndpointMatch);
        Assert.Equal(DnsStatus.Resolved, answer.PrivateLinkStatus);
        Assert.Equal(PrivateEndpointMatch.OtherPrivateAddress, answer.PrivateLinkMatch);
    }

    [Fact]
    public void ReadsWhatThePrivateDnsZoneHoldsForEachName()
    {
        RegistryNetworkConfig registry = PrivateRegistry() with
        {
            PrivateDnsZones =
            [
                new PrivateDnsZone
                {
                    Name = "privatelink.azurecr.test",
                    Records =
                    [
                        new PrivateDnsRecord { Fqdn = "contoso.privatelink.azurecr.test", IPAddresses = ["10.1.0.4"] },
                        new PrivateDnsRecord { Fqdn = "contoso.westus.data.privatelink.azurecr.test", IPAddresses = ["10.1.0.9"] },
                    ],
                },
            ],
        };

        IReadOnlyList<ProbeTarget> targets = ProbeTargets.For(registry, Lab);

        Assert.Equal(["10.1.0.4"], targets[0].PrivateDnsZoneRecord);
        Assert.Equal(["10.1.0.9"], targets[1].PrivateDnsZoneRecord);
        Assert.Empty(targets[2].PrivateDnsZoneRecord!);
        Assert.All(ProbeTargets.For(PrivateRegistry(), Lab), t => Assert.Null(t.PrivateDnsZoneRecord));
    }

    [Fact]
    public async Task ComparesTheZonesRecordsWithThePrivateEndpoint()
    {
        RegistryNetworkConfig registry = PrivateRegistry() with
        {
            PrivateEndpoints =
            [
                PrivateRegistry().PrivateEndpoints[0] with
                {
                    DnsZoneGroupRecords = [new PrivateDnsRecord { Fqdn = "contoso.westus.data.privatelink.azurecr.test", IPAddresses = ["10.1.0.9"] }],
                },
            ],
        };
        using var server = new LoopbackDnsServer()
            .Address("contoso.westus.data.azurecr.test", "10.1.0.5")
            .Address("contoso.westus.data.privatelink.azurecr.test", "10.1.0.5")
            .Address("contoso.eastus.data.azurecr.test", "10.1.0.6")
            .Address("contoso.eastus.data.privatelink.azurecr.test", "10.1.0.6");
        var resolver = new RegistryNameResolver([NameResolver.ForServer(server.EndPoint)], AnswerDeadline);
        IReadOnlyList<ProbeTarget> targets = ProbeTargets.For(registry, Lab);

        DnsResolution stale = Assert.Single(await resolver.ResolveAsync(targets[1], CancellationToken.None));
        DnsResolution missing = Assert.Single(await resolver.ResolveAsync(targets[2], CancellationToken.None));

        Assert.Equal(PrivateEndpointMatch.Matches, stale.PrivateEndpointMatch);
        Assert.Equal(["10.1.0.9"], stale.PrivateDnsZoneRecord);
        Assert.Equal(PrivateEndpointMatch.OtherPrivateAddress, stale.PrivateDnsZoneMatch);
        Assert.Contains("record for contoso.westus.data.privatelink.azurecr.test is 10.1.0.9, not the private endpoint's 10.1.0.5", stale.Message);
        Assert.Equal(PrivateEndpointMatch.Missing, missing.PrivateDnsZoneMatch);
        Assert.Contains("has no record for contoso.eastus.data.privatelink.azurecr.test", missing.Message);
    }

    [Fact]
    public async Task MarksAMissingRecordWhileAPrivateEndpointExists()
    {
        using var server = new LoopbackDnsServer().Alias("contoso.eastus.data.azurecr.test", "contoso.eastus.data.privatelink.azurecr.test");

        DnsResolution answer = Assert.Single(await new RegistryNameResolver([NameResolver.ForServer(server.EndPoint)], AnswerDeadline)
            .ResolveAsync(ProbeTargets.For(PrivateRegistry(), Lab)[2], CancellationToken.None));

        Assert.Equal(DnsStatus.NameNotFound, answer.Status);
        Assert.Equal(PrivateEndpointMatch.Missing, answer.PrivateEndpointMatch);
        Assert.Equal(PrivateEndpointMatch.Missing, answer.PrivateLinkMatch);
        Assert.Null(answer.IsPrivate);
    }
}
