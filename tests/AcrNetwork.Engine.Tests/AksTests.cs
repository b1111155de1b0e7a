using System.Text.Json.Nodes;
using AcrNetwork.Tests.ClientNetwork;
using AcrNetwork.Tests.Diagnosis;
using static AcrNetwork.Tests.ClientNetwork.ClientNetworkData;

namespace AcrNetwork.Tests;

/// <summary>AKS clusters in every shape, and what their kubelet identity may do on a registry, read through an in-process ARM.</summary>
public class AksTests
{
    private const string ClusterId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1";
    private const string KubeletObjectId = "9a3d6b2e-1f4c-4e8a-b5d7-3c2e1f0a9b84";
    private const string RoleDefinitions = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions";
    private const string AcrPull = $"{RoleDefinitions}/7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string NetworkContributor = $"{RoleDefinitions}/4d97b98b-1d4f-4787-a291-c67834d212e7";
    private const string RepositoryReader = $"{RoleDefinitions}/b93aa761-3e63-49ed-ac28-beffa264f7ac";

    private static AksCluster ParseFile(string path) => AksClusterParser.Parse(JsonNode.Parse(File.ReadAllText(path))!, path);

    [Fact]
    public void ReadsTheKubeletIdentityNodePoolsAndApiServerOfACluster()
    {
        AksCluster cluster = ParseFile(TestData.Derived("arm/aks-cluster.json"));

        Assert.Equal(("clustername1", ClusterId, "location1"), (cluster.Name, cluster.ResourceId, cluster.Location));
        Assert.Equal(KubeletObjectId, cluster.KubeletIdentity!.ObjectId);
        Assert.Equal("clustername1-agentpool", cluster.KubeletIdentity.DisplayName);
        Assert.Null(cluster.ServicePrincipalClientId);
        Assert.Equal(["nodepool1 System", "userpool User"], cluster.NodePools.Select(p => $"{p.Name} {p.Mode}"));
        Assert.All(cluster.NodePools, p => Assert.Contains("/virtualNetworks/aks-vnet/subnets/", p.SubnetId));
        Assert.Equal("userDefinedRouting", cluster.OutboundType);
        Assert.True(cluster.PrivateCluster);
        Assert.True(cluster.ApiServerVnetIntegration);
    }

    [Fact]
    public void ReadsTheUpstreamExamplesAServicePrincipalClusterAndAPrivateOne()
    {
        AksCluster servicePrincipal = ParseFile(TestData.PathOf("azure-rest-api-specs/containerservice/2026-08-01/ManagedClustersGet.json"));
        AksCluster privateCluster = ParseFile(TestData.PathOf("azure-rest-api-specs/containerservice/2026-07-01/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json"));

        Assert.Null(servicePrincipal.KubeletIdentity);
        Assert.Equal("clientid", servicePrincipal.ServicePrincipalClientId);
        Assert.Equal("nodepool1 (AKS-managed VNet)", Assert.Single(servicePrincipal.NodePools).ToString());
        Assert.False(servicePrincipal.PrivateCluster);
        Assert.True(privateCluster.PrivateCluster);
    }

    [Fact]
    public void ReadsTheFlattenedShapesOfAzAksShowAndGetAzAksCluster()
    {
        // az aks show -o json has no "properties"; Get-AzAksCluster spells the same names in Pascal case.
        var arm = JsonNode.Parse(File.ReadAllText(TestData.Derived("arm/aks-cluster.json")))!.AsObject();
        JsonObject flattened = arm["properties"]!.DeepClone().AsObject();
        flattened["id"] = ClusterId;
        flattened["name"] = "clustername1";
        JsonObject pascal = JsonNode.Parse(flattened.ToJsonString().Replace("\"identityProfile\"", "\"IdentityProfile\"").Replace("\"vnetSubnetID\"", "\"VnetSubnetID\"").Replace("\"agentPoolProfiles\"", "\"AgentPoolProfiles\""))!.AsObject();

        foreach (JsonObject shape in new[] { flattened, pascal })
        {
            Assert.True(AksClusterParser.IsCluster(shape));
            AksCluster cluster = AksClusterParser.Parse(shape, "test");
            Assert.Equal(KubeletObjectId, cluster.KubeletIdentity!.ObjectId);
            Assert.Equal(2, cluster.NodePools.Count(p => p.SubnetId is not null));
        }
    }

    [Fact]
    public void TellsAClusterFromARegistryAndRefusesOneAsTheOther()
    {
        Assert.False(AksClusterParser.IsCluster(JsonNode.Parse(File.ReadAllText(TestData.Upstream("RegistryGet.json")))));
        Assert.Throws<RegistryConfigFormatException>(() => ParseFile(TestData.Upstream("RegistryGet.json")));
        Assert.Null(AksClusterParser.ExplainInvalidClusterId(ClusterId));
        Assert.Contains("az aks show", AksClusterParser.ExplainInvalidClusterId(FakeArm.RegistryId));
    }

    [Theory]
    [InlineData("aks-role-assignments-none.json", false, new string[0])]
    [InlineData("aks-role-assignments-acrpull.json", false, new[] { "AcrPull at registry" })]
    [InlineData("aks-role-assignments-acrpull.json", true, new string[0])]
    [InlineData("aks-role-assignments-repository-reader.json", true, new[] { "Container Registry Repository Reader at subscription" })]
    [InlineData("aks-role-assignments-repository-reader.json", false, new string[0])]
    public async Task JudgesTheKubeletIdentitysRolesByTheRegistrysMode(string assignments, bool abac, string[] grants)
    {
        FakeArm arm = Arm(assignments);
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("arm/registry.json")) with
        {
            RoleAssignmentMode = abac ? RoleAssignmentMode.AbacRepositoryPermissions : RoleAssignmentMode.LegacyRegistryPermissions,
        };

        RegistryPullAccess access = await new ArmAksReader(arm.Connect()).GetPullAccessAsync(KubeletObjectId, registry, CancellationToken.None);

        Assert.Null(access.Unread);
        Assert.Equal(abac, access.AbacMode);
        Assert.Equal(grants, access.Grants.Select(g => $"{g.RoleName} at {g.ScopeKind}"));
        Assert.NotEmpty(access.Assignments);
        RecordedRequestCheck(arm);
    }

    [Fact]
    public async Task ReadsEachRoleDefinitionOnceAndSaysWhatItCouldNotRead()
    {
        FakeArm arm = Arm("aks-role-assignments-acrpull.json");
        arm.Error(NetworkContributor, System.Net.HttpStatusCode.Forbidden, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Authorization/roleDefinitions/read'.");
        RegistryNetworkConfig registry = TestData.ParseSingle(TestData.Derived("arm/registry.json"));

        RegistryPullAccess access = await new ArmAksReader(arm.Connect()).GetPullAccessAsync(KubeletObjectId, registry, CancellationToken.None);

        Assert.NotNull(access.Unread);
        Assert.Contains("authorization", access.Unread, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FindsTheRegistriesAClusterIsAttachedTo()
    {
        var arm = new FakeArm();
        arm.Json("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleAssignments", "aks-role-assignments-subscription.json");

        IReadOnlyList<string> registries = await new ArmAksReader(arm.Connect()).AttachedRegistriesAsync(KubeletObjectId, "00000000-0000-0000-0000-000000000000", CancellationToken.None);

        Assert.Equal([FakeArm.RegistryId, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.ContainerRegistry/registries/otherRegistry"], registries);
        Assert.Contains("principalId%20eq%20%27" + KubeletObjectId, Assert.Single(arm.Requests).Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReadsTheClusterFromArm()
    {
        var arm = new FakeArm();
        arm.Json(ClusterId, "aks-cluster.json");

        AksCluster cluster = await new ArmAksReader(arm.Connect()).GetClusterAsync(ClusterId, CancellationToken.None);

        Assert.Equal(KubeletObjectId, cluster.KubeletIdentity!.ObjectId);
        Assert.Contains("api-version=2026-08-01", Assert.Single(arm.Requests).Query);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("*/read", true)]
    [InlineData("Microsoft.ContainerRegistry/*", true)]
    [InlineData("microsoft.containerregistry/registries/pull/read", true)]
    [InlineData("Microsoft.ContainerRegistry/registries/push/write", false)]
    [InlineData("Microsoft.Network/*", false)]
    public void MatchesActionsWithWildcards(string action, bool grants)
    {
        JsonNode block = new JsonObject { ["actions"] = new JsonArray(action), ["notActions"] = new JsonArray() };

        Assert.Equal(grants, RolePermissions.GrantsPull([block], abacMode: false));
    }

    [Fact]
    public void NotActionsTakeAPullAway()
    {
        JsonNode block = new JsonObject { ["actions"] = new JsonArray("Microsoft.ContainerRegistry/*"), ["notActions"] = new JsonArray("Microsoft.ContainerRegistry/registries/pull/*") };

        Assert.False(RolePermissions.GrantsPull([block], abacMode: false));
    }

    [Theory]
    [InlineData(FakeArm.RegistryId, "registry")]
    [InlineData(FakeArm.ResourceGroup, "resource group")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-000000000000", "subscription")]
    [InlineData("/providers/Microsoft.Management/managementGroups/contoso", "management group")]
    [InlineData("/", "tenant root")]
    public void NamesTheKindOfScope(string scope, string kind) => Assert.Equal(kind, RolePermissions.ScopeKind(scope, FakeArm.RegistryId));

    [Fact]
    public async Task ExaminesEachNodePoolSubnetOnceAsAClientSubnet()
    {
        FakeArm arm = ArmClientNetworkReaderTests.WithSpokeClient();

        (_, IReadOnlyList<AksNodePoolNetwork> networks) = await ExamineSpokeClusterAsync(arm);

        Assert.Equal(["nodepool1, userpool", "buildpool"], networks.Select(n => n.PoolNames));
        Assert.All(networks, n => Assert.True(n.Network.Examined));
        Assert.All(networks, n => Assert.Equal(ClientSubnetSource.AksNodePool, n.Network.Source));
        Assert.Equal([NodesSubnetId, $"{SpokeNetworkId}/subnets/build"], networks.Select(n => n.Network.SubnetId));
        Assert.Equal("the subnet of AKS cluster clustername1's node pools nodepool1, userpool.", networks[0].Network.Reason);
        Assert.Equal("nsg-nodes", Assert.Single(networks[0].Network.NetworkSecurityGroups).Name);
        Assert.Equal(["Microsoft.ContainerRegistry"], networks[1].Network.Subnet!.ServiceEndpoints);

        // Three pools, two subnets in one VNet: the VNet, the nodes subnet's NSG and its route table each read once.
        Assert.Single(arm.RequestsTo(SpokeNetworkId));
        Assert.Single(arm.RequestsTo(NsgId));
        Assert.Single(arm.RequestsTo(RouteTableId));
    }

    [Fact]
    public async Task PoolsInAnAksManagedVnetHaveNoSubnetToExamine()
    {
        var arm = new FakeArm();
        AksCluster managed = ParseFile(TestData.PathOf("azure-rest-api-specs/containerservice/2026-08-01/ManagedClustersGet.json"));
        ArmConnection connection = arm.Connect();

        IReadOnlyList<AksNodePoolNetwork> networks = await new ArmAksReader(connection).ExamineNodePoolsAsync(managed, new ArmClientNetworkReader(connection), CancellationToken.None);

        Assert.Empty(networks);
        Assert.Empty(arm.Requests);
    }

    [Fact]
    public async Task ANodePoolsNsgDenialNamesThePoolsBesideTheNsgToChange()
    {
        (AksCluster cluster, IReadOnlyList<AksNodePoolNetwork> networks) = await ExamineSpokeClusterAsync(ArmClientNetworkReaderTests.WithSpokeClient());
        DiagnosisObservations withoutPools = Observations.Of(
            [Observations.TcpFailure(Observations.Login, EndpointPurpose.Rest, TcpStatus.Timeout, "10.1.0.4")],
            [Observations.Resolved(Observations.Login, "10.1.0.4")],
            Observations.WithPrivateEndpoint(),
            aksCluster: cluster);
        DiagnosisObservations withPools = withoutPools with { NodePoolNetworks = networks };

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(withPools);

        // The nodes subnet's NSG denies the private endpoint; the build subnet has no NSG and a peering to the hub.
        Finding primary = findings[0];
        Assert.Equal("NsgDeniesRegistryTraffic", primary.Code);
        Assert.Single(findings, f => f.Code == "NsgDeniesRegistryTraffic");
        Assert.Contains("nsg-nodes (rule DenyHubHttps, priority 200)", primary.Summary);
        Assert.EndsWith("(the client here is AKS cluster clustername1's node pools nodepool1, userpool).", primary.Summary);
        Assert.Equal(
            [$"Node pool nodepool1 (System) of AKS cluster clustername1 runs in subnet {NodesSubnetId} (agentPoolProfiles[].vnetSubnetID, ARM).",
             $"Node pool userpool (User) of AKS cluster clustername1 runs in subnet {NodesSubnetId} (agentPoolProfiles[].vnetSubnetID, ARM)."],
            primary.Evidence.Take(2));
        Assert.Contains(primary.Evidence, line => line.Contains("matches rule DenyHubHttps"));
        Assert.Contains("--nsg-name nsg-nodes", primary.Remediation);
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(withPools, findings));
        Assert.DoesNotContain("NsgDeniesRegistryTraffic", Observations.Codes(withoutPools));
        Assert.DoesNotContain("NsgDeniesRegistryTraffic", Observations.Codes(withoutPools with
        {
            NodePoolNetworks = [new AksNodePoolNetwork { NodePools = cluster.NodePools, Network = ClientNetworkExamination.NotExamined("not examined: no credential.") }],
        }));
    }

    [Fact]
    public void ANodePoolRoutedThroughAFirewallLackingTheDataEndpointNamesThePoolsTheFirewallTheHostAndTheRule()
    {
        // aks-cluster-spoke.json has outboundType userDefinedRouting; its nodes subnet routes 0.0.0.0/0 to fw-hub, which allows the login server only.
        AksCluster cluster = ParseFile(TestData.Derived("arm/aks-cluster-spoke.json"));
        var pools = new AksNodePoolNetwork
        {
            NodePools = [.. cluster.NodePools.Where(p => p.SubnetId == NodesSubnetId)],
            Network = ThroughHubFirewall(ApplicationRules("allow-registry", 200, SecurityRuleAccess.Allow, Observations.Login)),
        };
        DiagnosisObservations o = Observations.Of(
            [Observations.Rest(), Observations.TcpFailure(Observations.Westus, EndpointPurpose.Data, TcpStatus.Timeout, "20.1.2.5")],
            config: Observations.Premium(),
            aksCluster: cluster) with { NodePoolNetworks = [pools] };

        IReadOnlyList<Finding> findings = DiagnosisRules.Evaluate(o);
        Finding primary = findings[0];

        Assert.Equal("AzureFirewallDeniesRegistry", primary.Code);
        Assert.Contains($"Azure Firewall fw-hub that the client's traffic is routed to does not allow TCP 443 to {Observations.Westus}", primary.Summary);
        Assert.EndsWith("(the client here is AKS cluster clustername1's node pools nodepool1, userpool).", primary.Summary);
        Assert.Equal(
            "AKS cluster clustername1 has outbound type userDefinedRouting (networkProfile.outboundType): its nodes' egress, pulls included, follows their subnet's route table, not an AKS-managed load balancer or NAT gateway.",
            primary.Evidence[2]);
        Assert.Contains(primary.Evidence, line => line.Contains("route to-firewall 0.0.0.0/0 -> VirtualAppliance 10.1.255.4"));
        Assert.Contains($"--target-fqdns {Observations.Westus}", primary.Remediation);
        Assert.Equal(DiagnosisVerdict.Blocked, DiagnosisRules.Verdict(o, findings));

        // A cluster behind its own load balancer gets the same finding without the outbound type line.
        Finding loadBalanced = DiagnosisRules.Evaluate(o with { AksCluster = new AksCluster { Name = cluster.Name, ResourceId = cluster.ResourceId, NodePools = cluster.NodePools, OutboundType = "loadBalancer" } })[0];
        Assert.Equal("AzureFirewallDeniesRegistry", loadBalanced.Code);
        Assert.DoesNotContain(loadBalanced.Evidence, line => line.Contains("outbound type"));
    }

    private static async Task<(AksCluster Cluster, IReadOnlyList<AksNodePoolNetwork> Networks)> ExamineSpokeClusterAsync(FakeArm arm)
    {
        AksCluster cluster = ParseFile(TestData.Derived("arm/aks-cluster-spoke.json"));
        ArmConnection connection = arm.Connect();
        return (cluster, await new ArmAksReader(connection).ExamineNodePoolsAsync(cluster, new ArmClientNetworkReader(connection), CancellationToken.None));
    }

    private static FakeArm Arm(string assignments)
    {
        var arm = new FakeArm();
        arm.Json($"{FakeArm.RegistryId}/providers/Microsoft.Authorization/roleAssignments", assignments);
        arm.Json(AcrPull, "role-acrpull.json");
        arm.Json(NetworkContributor, "role-network-contributor.json");
        arm.Json(RepositoryReader, "role-repository-reader.json");
        return arm;
    }

    private static void RecordedRequestCheck(FakeArm arm)
    {
        // The assignments are listed once, filtered to the identity, at the pinned api-version; each role definition read once.
        FakeArm.RecordedRequest list = Assert.Single(arm.RequestsTo($"{FakeArm.RegistryId}/providers/Microsoft.Authorization/roleAssignments"));
        Assert.Contains("api-version=2022-04-01", list.Query);
        Assert.Contains(KubeletObjectId, Uri.UnescapeDataString(list.Query));
        Assert.All(arm.Requests.GroupBy(r => r.Path), g => Assert.Single(g));
    }
}
