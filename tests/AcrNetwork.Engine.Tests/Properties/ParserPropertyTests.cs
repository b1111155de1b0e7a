using System.Net;
using System.Text.Json.Nodes;
using DnsClient;
using DnsClient.Protocol;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AcrNetwork.Tests.Properties;

/// <summary>
/// Every parser that reads the network or a file, fed the real examples, damaged copies of them and junk:
/// none may throw anything but its own typed error, and what it returns must hold together.
/// </summary>
public class ParserPropertyTests(ITestOutputHelper output)
{
    private const string Digest = "sha256:4444444444444444444444444444444444444444444444444444444444444444";

    private static readonly string[] Challenges =
    [
        """Bearer realm="https://contoso.azurecr.io/oauth2/token",service="contoso.azurecr.io" """,
        """Bearer realm="https://contoso.azurecr.io/oauth2/token",service="contoso.azurecr.io",scope="repository:samples/hello:pull",error="insufficient_scope" """,
        """Basic realm="Squid proxy-caching web server" """,
        "Negotiate, NTLM",
        "Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXegMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==",
        """Basic realm="proxy", charset="UTF-8", Bearer realm="https://r.azurecr.io/oauth2/token",service=r.azurecr.io""",
    ];

    // Registry error bodies as ACR, its token endpoints, a proxy's HTML page and blob storage (XML with a byte order mark) send them.
    private static readonly string[] ErrorBodies =
    [
        """{"errors":[{"code":"DENIED","message":"client with IP '203.0.113.10' is not allowed access. Refer https://aka.ms/acr/firewall to grant access. CorrelationId: 0b9a2c1e-7d4f-4e8a-9f1b-2c3d4e5f6a7b"}]}""",
        """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required, visit https://aka.ms/acr/authorization for more information.","detail":[{"Type":"repository","Name":"samples/hello","Action":"pull"}]}]}""",
        """{"errors":[{"code":"TOOMANYREQUESTS","message":"too many requests"}]}""",
        """{"error":{"code":"AuthenticationFailed","message":"Authentication failed."}}""",
        """{"error":"invalid_grant","error_description":"the token is expired"}""",
    ];

    private static readonly string[] TextErrorBodies =
    [
        "403 Forbidden",
        "<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>Access Denied.</body></html>",
        "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationFailure</Code><Message>This request is not authorized to perform this operation.\nRequestId:5d2a7b1e-001e-0040-3c1f-000000000000\nTime:2025-01-01T00:00:00.0000000Z</Message></Error>",
    ];

    private static readonly string[] Manifests =
    [
        $$"""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1469,"digest":"{{Digest}}"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2479,"digest":"{{Digest}}"}]}""",
        $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":525,"digest":"{{{Digest}}}","platform":{"os":"linux","architecture":"amd64"}},{"digest":"{{{Digest}}}","platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}""",
    ];

    [Fact]
    public void ChallengeHeadersNeverThrowAndBearerRealmsAreAbsolute() =>
        PropertyRun.Check(output, "WWW-Authenticate and Proxy-Authenticate headers", Inputs.TextLike(Challenges), header =>
        {
            IReadOnlyList<AuthenticationChallenge> challenges = AuthenticationChallengeParser.Parse(header);
            Assert.All(challenges, challenge => Assert.NotEmpty(challenge.Scheme));
            BearerChallenge? bearer = AuthenticationChallengeParser.ParseBearer([header]);
            if (bearer is not null)
            {
                Assert.True(Uri.TryCreate(bearer.Realm, UriKind.Absolute, out Uri? realm) && realm.Scheme is "https" or "http", bearer.Realm);
            }
        });

    [Fact]
    public void BearerChallengesReadBackWhatWasQuoted()
    {
        Gen<string> quotable = ArbMap.Default.ArbFor<string>().Generator.Select(text => (text ?? "").Replace("\0", ""));
        Gen<(string Path, string Service, string Scope)> parts =
            from path in Gen.Elements("oauth2/token", "oauth2/token?x=1", "a/b/c", "")
            from service in quotable
            from scope in quotable
            select (path, service, scope);
        PropertyRun.Check(output, "Bearer challenges with quoted parameters", parts, part =>
        {
            static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            string realm = $"https://contoso.azurecr.io/{part.Path}";
            BearerChallenge? bearer = AuthenticationChallengeParser.ParseBearer([$"Bearer realm={Quote(realm)}, service={Quote(part.Service)},scope={Quote(part.Scope)}"]);

            Assert.Equal(new BearerChallenge(realm, part.Service, part.Scope), bearer);
        });
    }

    [Fact]
    public void RegistryErrorBodiesNeverThrow() =>
        PropertyRun.Check(output, "ACR error bodies (JSON, plain text, XML with a BOM)", Gen.OneOf(Inputs.JsonLike(ErrorBodies), Inputs.TextLike(TextErrorBodies)), body =>
        {
            AcrError? error = AcrErrorParser.Parse(body);
            if (error is not null)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Code));
                Assert.True(error.ClientIp is null || IPAddress.TryParse(error.ClientIp, out _), error.ClientIp);
            }
        });

    [Fact]
    public void ManifestsNeverThrowAndNameOnlyValidDigests() =>
        PropertyRun.Check(output, "image manifests and indexes", Inputs.JsonLike(Manifests), body =>
        {
            ImageManifest? manifest = ImageManifestParser.Parse(body);
            if (manifest is not null)
            {
                Assert.All(manifest.PlatformManifests.Concat(manifest.Blobs), digest => Assert.True(RepositoryReference.IsValidDigest(digest), digest));
            }
        });

    [Fact]
    public void ExportsGiveRegistriesOrAFormatError()
    {
        // Every file in tests/data: ARM examples, az acr show/list, Get-AzContainerRegistry objects and this module's export.
        string[] files = Directory.GetFiles(TestData.PathOf(""), "*.json", SearchOption.AllDirectories).Select(File.ReadAllText).ToArray();
        PropertyRun.Check(output, "registry exports and ARM bodies read as files", Inputs.JsonLike(files), text =>
        {
            IReadOnlyList<RegistryNetworkConfig> registries;
            try
            {
                registries = RegistryConfigParser.Parse(RegistryConfigParser.ParseJson(text, "input.json"), "input.json", AzureCloudEnvironment.AzureCloud);
            }
            catch (RegistryConfigFormatException ex)
            {
                Assert.NotEmpty(ex.Message);
                return;
            }

            Assert.NotEmpty(registries);
            Assert.All(registries, registry =>
            {
                Assert.False(string.IsNullOrWhiteSpace(registry.Name));
                Assert.False(string.IsNullOrWhiteSpace(registry.LoginServer));
            });
        });
    }

    [Fact]
    public void PrivateNetworkBodiesNeverThrow()
    {
        string[] files = Directory.GetFiles(TestData.PathOf("derived/arm"), "*.json").Select(File.ReadAllText).ToArray();
        PropertyRun.Check(output, "private endpoint, NIC, DNS zone group, zone record, link and provider bodies", Inputs.JsonLike(files), text =>
        {
            if (JsonOrNull(text) is not { } node)
            {
                return;
            }

            PrivateNetworkParser.ParsePrivateEndpoint(node);
            PrivateNetworkParser.ParseNetworkInterfaceAddresses(node);
            PrivateNetworkParser.ParseDnsZoneGroups(JsonFields.Items(JsonFields.Find(node, "value") ?? node));
            foreach (JsonNode item in JsonFields.Items(JsonFields.Find(node, "value") ?? node))
            {
                PrivateNetworkParser.ParseRecord(item, "privatelink.azurecr.io");
                PrivateNetworkParser.ParseVirtualNetworkLink(item);
                PrivateNetworkParser.ParseZone(item);
                PrivateNetworkParser.ParseProviderRegistration(item, subscriptionId: null);
                PrivateNetworkParser.ParseUnreadResource(item);
            }
        });
    }

    [Fact]
    public void ClientNetworkAndAksBodiesGiveModelsOrAFormatError()
    {
        // The client's VNet, subnet, NSG, route table, NIC and VM, the AKS cluster and its kubelet identity's role
        // assignments and definitions: every body the client network and AKS readers parse.
        string[] files = Directory.GetFiles(TestData.PathOf("derived/arm"), "*.json").Select(File.ReadAllText).ToArray();
        const string Subnet = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/nodes";
        const string Registry = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/contoso";
        PropertyRun.Check(output, "client network, VM, AKS cluster and role bodies", Inputs.JsonLike(files), text =>
        {
            if (JsonOrNull(text) is not { } node)
            {
                return;
            }

            ClientNetworkParser.ParseVirtualNetwork(node, "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke");
            ClientNetworkParser.ParseSubnet(node, Subnet);
            Assert.All(ClientNetworkParser.ParseNetworkSecurityGroup(node, "/nsg", NetworkSecurityGroupScope.Subnet).Rules, rule => Assert.NotNull(rule));
            ClientNetworkParser.ParseRouteTable(node, "/rt");
            ClientNetworkParser.ParseNetworkInterface(node);
            ClientNetworkParser.ParsePrimaryNetworkInterfaceId(node);
            try
            {
                AksCluster cluster = AksClusterParser.Parse(node, "input.json");
                Assert.NotNull(cluster.NodePools);
            }
            catch (RegistryConfigFormatException ex)
            {
                Assert.NotEmpty(ex.Message);
            }

            foreach (JsonNode item in JsonFields.Items(JsonFields.Find(node, "value") ?? node))
            {
                JsonNode? properties = JsonFields.Find(item, "properties");
                RolePermissions.GrantsPull(JsonFields.Items(JsonFields.Find(properties, "permissions")), abacMode: false);
                RolePermissions.GrantsPull(JsonFields.Items(JsonFields.Find(properties, "permissions")), abacMode: true);
                RolePermissions.ScopeKind(JsonFields.String(JsonFields.Find(properties, "scope")) ?? "", Registry);
            }
        });
    }

    [Fact]
    public void ArmAnswersGiveARegistryOrAnArmReadError()
    {
        // Each case damages a random subset of the private registry's ARM answers, and may turn one into an error status.
        Gen<int> seeds = Gen.Choose(0, int.MaxValue);
        PropertyRun.Check(output, "ARM reads of a registry and everything around it", seeds, seed =>
        {
            var random = new Random(seed);
            FakeArm arm = DamagedArm(random, ArmRoutes);
            try
            {
                RegistryNetworkConfig registry = new ArmRegistryReader(arm.Connect()).GetAsync(FakeArm.RegistryId, CancellationToken.None).GetAwaiter().GetResult();
                Assert.False(string.IsNullOrWhiteSpace(registry.Name));
                Assert.All(registry.UnreadResources, unread => Assert.NotEmpty(unread.Message));
            }
            catch (ArmReadException ex)
            {
                Assert.NotEmpty(ex.Message);
            }
        }, cases: 300);
    }

    [Fact]
    public void ResourceGraphPagesGiveRegistriesOrAnArmReadError()
    {
        Gen<int> seeds = Gen.Choose(0, int.MaxValue);
        PropertyRun.Check(output, "Azure Resource Graph pages", seeds, seed =>
        {
            var random = new Random(seed);
            FakeArm arm = DamagedArm(random, [(ResourceGraph.QueryPath, ["graph-page1.json", "graph-page2.json"])]);
            var reader = new ArmRegistryReader(arm.Connect());
            try
            {
                var registries = new List<RegistryNetworkConfig>();
                IAsyncEnumerator<RegistryNetworkConfig> all = reader.GetAllAsync(subscriptionId: null, CancellationToken.None).GetAsyncEnumerator();
                while (all.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    registries.Add(all.Current);
                }

                Assert.All(registries, registry => Assert.False(string.IsNullOrWhiteSpace(registry.Name)));
                Assert.NotEmpty(reader.ResolveRegistryIdAsync("myregistry", resourceGroupName: null, subscriptionId: null, CancellationToken.None).GetAwaiter().GetResult());
            }
            catch (ArmReadException ex)
            {
                Assert.NotEmpty(ex.Message);
            }
        }, cases: 300);
    }

    [Fact]
    public void DnsAnswersReduceToAConsistentStatus()
    {
        string[] names = ["myregistry.azurecr.io", "myregistry.privatelink.azurecr.io", "reg1.westus.azcr.io", "westus-acr-reg.trafficmanager.net", "r0101.cloudapp.net", "other.example"];
        Gen<DnsResourceRecord> record =
            from kind in Gen.Choose(0, 2)
            from owner in Gen.Elements(names)
            from target in Gen.Elements(names)
            from octets in Gen.ArrayOf(Gen.Choose(0, 255), 16)
            select kind switch
            {
                0 => (DnsResourceRecord)new CNameRecord(Info(owner, ResourceRecordType.CNAME), DnsString.Parse(target)),
                1 => new ARecord(Info(owner, ResourceRecordType.A), new IPAddress(octets.Take(4).Select(o => (byte)o).ToArray())),
                _ => new AaaaRecord(Info(owner, ResourceRecordType.AAAA), new IPAddress(octets.Select(o => (byte)o).ToArray())),
            };
        Gen<(DnsHeaderResponseCode Code, DnsResourceRecord[] Records)> answers =
            from code in Gen.Elements(Enum.GetValues<DnsHeaderResponseCode>())
            from records in Gen.ArrayOf(record)
            select (code, records);
        PropertyRun.Check(output, "DNS answers (alias chains, loops, address records, response codes)", answers, answer =>
        {
            DnsAnswer result = DnsAnswerReader.Read(names[0], answer.Code, answer.Records);

            Assert.True(result.CnameChain.Count <= 16);
            Assert.Equal(result.Status == DnsStatus.Resolved, result.Addresses.Count > 0);
            Assert.True(result.Status == DnsStatus.Resolved || result.Error is not null);
        });
    }

    /// <summary>The JSON a damaged body still is, or null: the parsers are only ever given parsed JSON.</summary>
    private static JsonNode? JsonOrNull(string text)
    {
        try
        {
            return JsonFields.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static ResourceRecordInfo Info(string name, ResourceRecordType type) => new(name, type, QueryClass.IN, 60, 0);

    private static readonly (string Path, string[] Files)[] ArmRoutes =
    [
        (FakeArm.RegistryId, ["registry.json"]),
        ($"{FakeArm.RegistryId}/replications", ["replications.json"]),
        (FakeArm.PrivateEndpointId, ["private-endpoint.json"]),
        (FakeArm.NicId, ["private-endpoint-nic.json"]),
        ($"{FakeArm.PrivateEndpointId}/privateDnsZoneGroups", ["dns-zone-groups.json"]),
        ($"{FakeArm.ZoneId}/A", ["zone-records-page1.json", "zone-records-page2.json"]),
        ($"{FakeArm.ZoneId}/virtualNetworkLinks", ["zone-links.json"]),
        (FakeArm.ProviderPath, ["provider-not-registered.json"]),
    ];

    /// <summary>The routes' answers, each damaged with even odds; one in ten an ARM error status with a damaged error body.</summary>
    private static FakeArm DamagedArm(Random random, (string Path, string[] Files)[] routes)
    {
        var arm = new FakeArm();
        foreach ((string path, string[] files) in routes)
        {
            Func<HttpResponseMessage>[] answers = files.Select(file =>
            {
                string body = File.ReadAllText(TestData.Derived($"arm/{file}"));
                if (random.Next(10) == 0)
                {
                    HttpStatusCode status = Inputs.Pick([HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict], random);
                    string error = Inputs.MutateJson(FakeArm.ArmError("AuthorizationFailed", "The client does not have authorization."), random);
                    return (Func<HttpResponseMessage>)(() => FakeArm.Respond(status, error));
                }

                string text = random.Next(2) == 0 ? body : random.Next(4) == 0 ? Inputs.MutateText(body, random) : Inputs.MutateJson(body, random);
                return () => FakeArm.Respond(HttpStatusCode.OK, text);
            }).ToArray();
            arm.Replace(path, answers);
        }

        return arm;
    }
}
