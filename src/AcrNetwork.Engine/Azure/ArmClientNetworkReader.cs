using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads the client's own network from ARM: the subnet's VNet (which carries the subnet, the address space, custom DNS
/// servers and peerings in one answer), the NSGs of the subnet and of the NIC, the subnet's route table, and the Azure
/// Firewall a virtual appliance route sends traffic to, with its firewall policy, rule collection groups and IP groups.
/// Each subnet is examined once per reader, so a fleet of registries diagnosed from one client reads its network once;
/// VNets, NSGs, firewalls, policies and IP groups are read once per reader however many subnets use them. Once the
/// registry's configuration names its private endpoints, their subnets (and NSGs, where they apply) are read too.
/// A part that cannot be read is listed in UnreadResources and the rest is examined without it.
/// </summary>
internal sealed class ArmClientNetworkReader(ArmConnection arm)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ClientNetworkExamination>>> examinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<SharedRead>>> sharedReads = new(StringComparer.OrdinalIgnoreCase);

    // ARM computes a NIC's effective rules and routes in seconds, sometimes more: past this bound the NSGs and route
    // table read directly decide, so a slow computation never costs the examination its deadline.
    private static readonly TimeSpan EffectiveBound = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Examines the network of a client in <paramref name="subnetId"/> (no NIC is known: the subnet's NSG and route table
    /// decide). AKS node pools come in here as well as <c>-ClientSubnetId</c>.
    /// </summary>
    /// <param name="reason">How the subnet was found, said in the diagnosis.</param>
    public Task<ClientNetworkExamination> ExamineAsync(string subnetId, ClientSubnetSource source, string reason, CancellationToken cancellationToken) =>
        examinations.GetOrAdd(subnetId, _ => new Lazy<Task<ClientNetworkExamination>>(() =>
            ExamineOnceAsync(subnetId, Task.FromResult<JsonNode?>(null), Task.FromResult(EffectiveNetwork.None), source, reason, new ConcurrentQueue<UnreadResource>(), cancellationToken))).Value;

    /// <summary>
    /// Examines the network of a VM (or a scale set's instance) that the Instance Metadata Service named: its primary
    /// NIC, that NIC's subnet and NSG, and ARM's effective security rules and routes of the NIC, which decide when ARM
    /// gives them.
    /// </summary>
    public Task<ClientNetworkExamination> ExamineVirtualMachineAsync(string virtualMachineId, CancellationToken cancellationToken) =>
        examinations.GetOrAdd(virtualMachineId, _ => new Lazy<Task<ClientNetworkExamination>>(() => ExamineVirtualMachineOnceAsync(virtualMachineId, cancellationToken))).Value;

    /// <summary>
    /// Adds the subnets of the registry's private endpoints to an examined client network, with each subnet's NSG when
    /// its private endpoint network policies apply NSGs (traffic into the endpoint meets it inbound).
    /// </summary>
    public async Task<ClientNetworkExamination> WithPrivateEndpointSubnetsAsync(ClientNetworkExamination network, IEnumerable<string> subnetIds, CancellationToken cancellationToken)
    {
        var ids = subnetIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (!network.Examined || ids.Count == 0)
        {
            return network;
        }

        var unread = new ConcurrentQueue<UnreadResource>();
        PrivateEndpointSubnet?[] subnets = await Task.WhenAll(ids.Select(id => ReadPrivateEndpointSubnetAsync(id, unread, cancellationToken))).ConfigureAwait(false);
        return network.WithPrivateEndpointSubnets(subnets.OfType<PrivateEndpointSubnet>().ToList(), unread);
    }

    /// <summary>Why a value is not a subnet's resource ID, or null when it is one.</summary>
    public static string? ExplainInvalidSubnetId(string? subnetId)
    {
        string[] segments = (subnetId ?? "").Trim().Trim('/').Split('/');
        bool shaped = segments.Length == 10
            && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            && Guid.TryParse(segments[1], out _)
            && segments[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            && segments[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            && $"{segments[5]}/{segments[6]}".Equals("Microsoft.Network/virtualNetworks", StringComparison.OrdinalIgnoreCase)
            && segments[8].Equals("subnets", StringComparison.OrdinalIgnoreCase)
            && segments.All(segment => segment.Length > 0);
        return shaped
            ? null
            : $"'{subnetId}' is not a subnet resource ID such as /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet> "
                + "(az network vnet subnet show --query id).";
    }

    private async Task<ClientNetworkExamination> ExamineVirtualMachineOnceAsync(string virtualMachineId, CancellationToken cancellationToken)
    {
        var unread = new ConcurrentQueue<UnreadResource>();
        string vmName = AzureResourceId.Parse(virtualMachineId).Name ?? virtualMachineId;
        bool scaleSetInstance = virtualMachineId.Contains("/virtualMachineScaleSets/", StringComparison.OrdinalIgnoreCase);
        JsonNode? vm = await ArmRegistryReader.ReadAsync(
            arm, virtualMachineId, scaleSetInstance ? ArmApiVersions.ScaleSetVirtualMachine : ArmApiVersions.VirtualMachine, "client virtual machine", unread, cancellationToken).ConfigureAwait(false);
        string? nicId = vm is null ? null : ClientNetworkParser.ParsePrimaryNetworkInterfaceId(vm);
        Task<EffectiveNetwork> effective = nicId is null ? Task.FromResult(EffectiveNetwork.None) : ReadEffectiveAsync(nicId, unread, cancellationToken);
        JsonNode? nic = nicId is null ? null : await ArmRegistryReader.ReadAsync(arm, nicId, ArmApiVersions.NetworkInterface, "client network interface", unread, cancellationToken).ConfigureAwait(false);
        string? subnetId = nic is null ? null : ClientNetworkParser.ParseNetworkInterface(nic).SubnetIds.FirstOrDefault();
        if (subnetId is null)
        {
            await effective.ConfigureAwait(false);
            string why = vm is null ? "the VM could not be read" : nicId is null ? "the VM lists no network interface" : nic is null ? "its network interface could not be read" : "its network interface names no subnet";
            return new ClientNetworkExamination
            {
                Source = ClientSubnetSource.InstanceMetadata,
                Reason = $"the Instance Metadata Service names the VM {vmName}, but {why}.",
                UnreadResources = [.. unread],
            };
        }

        string reason = $"found through the Instance Metadata Service: VM {vmName}, network interface {AzureResourceId.Parse(nicId).Name}.";
        return await ExamineOnceAsync(subnetId, Task.FromResult(nic), effective, ClientSubnetSource.InstanceMetadata, reason, unread, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The NIC's effective security rules and routes, asked at once; what ARM refuses or does not compute within the bound is listed as unread.</summary>
    private async Task<EffectiveNetwork> ReadEffectiveAsync(string nicId, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        Task<JsonNode?> groups = InvokeBoundedAsync(nicId, "effectiveNetworkSecurityGroups", "client network interface effective security rules", unread, cancellationToken);
        Task<JsonNode?> routes = InvokeBoundedAsync(nicId, "effectiveRouteTable", "client network interface effective routes", unread, cancellationToken);
        return new EffectiveNetwork(
            await groups.ConfigureAwait(false) is { } groupAnswer ? ClientNetworkParser.ParseEffectiveSecurityGroups(groupAnswer) : null,
            await routes.ConfigureAwait(false) is { } routeAnswer ? ClientNetworkParser.ParseEffectiveRoutes(routeAnswer) : null);
    }

    private async Task<JsonNode?> InvokeBoundedAsync(string nicId, string action, string role, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(EffectiveBound);
        try
        {
            return await arm.InvokeActionAsync(nicId, action, ArmApiVersions.NetworkInterface, bound.Token).ConfigureAwait(false);
        }
        catch (ArmReadException ex)
        {
            unread.Enqueue(ArmRegistryReader.Unread(role, ex));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            unread.Enqueue(new UnreadResource
            {
                ResourceId = nicId,
                Role = role,
                Message = $"ARM did not compute the {role} within {EffectiveBound.TotalSeconds:0.#} s; the NSGs and route table as read decide instead.",
            });
        }

        return null;
    }

    /// <summary>ARM's effective security rules and routes of a NIC; null for what it did not give.</summary>
    private sealed record EffectiveNetwork(IReadOnlyList<NetworkSecurityGroup>? Groups, IReadOnlyList<Route>? Routes)
    {
        public static EffectiveNetwork None { get; } = new(null, null);
    }

    private async Task<ClientNetworkExamination> ExamineOnceAsync(
        string subnetId,
        Task<JsonNode?> networkInterface,
        Task<EffectiveNetwork> effective,
        ClientSubnetSource source,
        string reason,
        ConcurrentQueue<UnreadResource> unread,
        CancellationToken cancellationToken)
    {
        string networkId = ClientSubnet.VirtualNetworkOf(subnetId);
        JsonNode? networkNode = await ReadResourceOnceAsync(networkId, ArmApiVersions.VirtualNetwork, "client virtual network", unread, cancellationToken).ConfigureAwait(false);
        JsonNode? subnetNode = networkNode is null ? null : FindSubnet(networkNode, subnetId);
        if (networkNode is not null && subnetNode is null)
        {
            unread.Enqueue(new UnreadResource
            {
                ResourceId = subnetId,
                Role = "client subnet",
                StatusCode = 404,
                Message = $"The virtual network {networkId} has no subnet named '{AzureResourceId.Parse(subnetId).Name}'.",
            });
        }

        if (networkNode is null || subnetNode is null)
        {
            await networkInterface.ConfigureAwait(false);
            await effective.ConfigureAwait(false);
            return new ClientNetworkExamination { Source = source, SubnetId = subnetId, Reason = reason, UnreadResources = [.. unread] };
        }

        ClientSubnet subnet = ClientNetworkParser.ParseSubnet(subnetNode, subnetId);
        string? interfaceGroupId = await networkInterface.ConfigureAwait(false) is { } nic ? ClientNetworkParser.ParseNetworkInterface(nic).NetworkSecurityGroupId : null;
        var groups = new List<(string Id, NetworkSecurityGroupScope Scope)>();
        if (subnet.NetworkSecurityGroupId is { } subnetGroupId)
        {
            groups.Add((subnetGroupId, NetworkSecurityGroupScope.Subnet));
        }

        if (interfaceGroupId is not null)
        {
            groups.Add((interfaceGroupId, NetworkSecurityGroupScope.NetworkInterface));
        }

        // The NSGs and route table are read even while the NIC's effective rules are asked: they decide when ARM gives none.
        Task<JsonNode?> routeTable = subnet.RouteTableId is null
            ? Task.FromResult<JsonNode?>(null)
            : ArmRegistryReader.ReadAsync(arm, subnet.RouteTableId, ArmApiVersions.RouteTable, "client route table", unread, cancellationToken);
        JsonNode?[] groupNodes = await Task.WhenAll(groups.Select(group =>
            ReadResourceOnceAsync(group.Id, ArmApiVersions.NetworkSecurityGroup, $"client {(group.Scope == NetworkSecurityGroupScope.Subnet ? "subnet" : "network interface")} network security group", unread, cancellationToken)))
            .ConfigureAwait(false);
        JsonNode? routeTableNode = await routeTable.ConfigureAwait(false);
        RouteTable? table = routeTableNode is null || subnet.RouteTableId is null ? null : ClientNetworkParser.ParseRouteTable(routeTableNode, subnet.RouteTableId);
        VirtualNetwork virtualNetwork = ClientNetworkParser.ParseVirtualNetwork(networkNode, networkId);
        IReadOnlyList<AzureFirewall> firewalls = await ReadFirewallsAsync(table, virtualNetwork, unread, cancellationToken).ConfigureAwait(false);
        EffectiveNetwork computed = await effective.ConfigureAwait(false);

        return new ClientNetworkExamination
        {
            Source = source,
            SubnetId = subnet.ResourceId,
            Reason = reason,
            Subnet = subnet,
            VirtualNetwork = virtualNetwork,
            NetworkSecurityGroups = computed.Groups ?? groups.Zip(groupNodes)
                .Where(pair => pair.Second is not null)
                .Select(pair => ClientNetworkParser.ParseNetworkSecurityGroup(pair.Second!, pair.First.Id, pair.First.Scope))
                .ToList(),
            RouteTable = table,
            EffectiveRoutes = computed.Routes,
            Firewalls = firewalls,
            UnreadResources = [.. unread],
        };
    }

    /// <summary>
    /// The Azure Firewalls whose private address is the next hop of a virtual appliance route. A hub's firewall sits in
    /// the VNet (the client's or a peered one) that holds that address: the firewalls of that VNet's subscription are
    /// listed, and each one found is read with its policy (and parent policy), rule collection groups and IP groups.
    /// </summary>
    private async Task<IReadOnlyList<AzureFirewall>> ReadFirewallsAsync(RouteTable? table, VirtualNetwork network, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        var nextHops = (table?.Routes ?? [])
            .Where(route => route.NextHopType == RouteNextHopType.VirtualAppliance && IPAddress.TryParse(route.NextHopIpAddress, out _))
            .Select(route => IPAddress.Parse(route.NextHopIpAddress!))
            .Distinct()
            .ToList();
        if (nextHops.Count == 0)
        {
            return [];
        }

        var subscriptions = nextHops
            .Select(hop => AzureResourceId.Parse(VirtualNetworkReach.VirtualNetworkOf(network, hop) ?? network.ResourceId).SubscriptionId)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var listed = await Task.WhenAll(subscriptions.Select(subscription => ReadSharedAsync(
            $"/subscriptions/{subscription}/providers/Microsoft.Network/azureFirewalls",
            (failures, collectionId) => ArmRegistryReader.ReadListAsync(arm, collectionId, ArmApiVersions.AzureFirewall, "Azure Firewalls of the route's next hop", failures, cancellationToken),
            unread))).ConfigureAwait(false);
        var hops = nextHops.Select(hop => hop.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var firewalls = listed.OfType<IReadOnlyList<JsonNode>>().SelectMany(items => items)
            .Select(ClientNetworkParser.ParseAzureFirewall)
            .Where(firewall => firewall.PrivateIpAddresses.Any(hops.Contains))
            .DistinctBy(firewall => firewall.ResourceId, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return await Task.WhenAll(firewalls.Select(firewall => WithRulesAsync(firewall, unread, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The firewall with its policy's rule collections (the parent policy's first) and the addresses of the IP groups its rules name.</summary>
    private async Task<AzureFirewall> WithRulesAsync(AzureFirewall firewall, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        var collections = new List<FirewallRuleCollection>(firewall.RuleCollections);
        if (firewall.FirewallPolicyId is { } policyId)
        {
            JsonNode? policy = await ReadResourceOnceAsync(policyId, ArmApiVersions.FirewallPolicy, "firewall policy", unread, cancellationToken).ConfigureAwait(false);
            var (groupIds, basePolicyId) = policy is null ? ([], null) : ClientNetworkParser.ParseFirewallPolicy(policy);
            JsonNode? basePolicy = basePolicyId is null ? null : await ReadResourceOnceAsync(basePolicyId, ArmApiVersions.FirewallPolicy, "parent firewall policy", unread, cancellationToken).ConfigureAwait(false);
            var groups = (basePolicy is null ? [] : ClientNetworkParser.ParseFirewallPolicy(basePolicy).RuleCollectionGroupIds.Select(id => (Id: id, Tier: 0)))
                .Concat(groupIds.Select(id => (Id: id, Tier: 1)))
                .ToList();
            JsonNode?[] groupNodes = await Task.WhenAll(groups.Select(group =>
                ReadResourceOnceAsync(group.Id, ArmApiVersions.FirewallPolicyRuleCollectionGroup, "firewall policy rule collection group", unread, cancellationToken))).ConfigureAwait(false);
            collections.AddRange(groups.Zip(groupNodes)
                .Where(pair => pair.Second is not null)
                .SelectMany(pair => ClientNetworkParser.ParseRuleCollectionGroup(pair.Second!, pair.First.Tier)));
        }

        var ipGroupIds = collections.SelectMany(collection => collection.Rules)
            .SelectMany(rule => rule.SourceIpGroups.Concat(rule.DestinationIpGroups))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        JsonNode?[] ipGroups = await Task.WhenAll(ipGroupIds.Select(id =>
            ReadResourceOnceAsync(id, ArmApiVersions.IpGroup, "firewall rule IP group", unread, cancellationToken))).ConfigureAwait(false);
        return new AzureFirewall
        {
            Name = firewall.Name,
            ResourceId = firewall.ResourceId,
            PrivateIpAddresses = firewall.PrivateIpAddresses,
            FirewallPolicyId = firewall.FirewallPolicyId,
            RuleCollections = collections,
            IpGroups = ipGroupIds.Zip(ipGroups)
                .Where(pair => pair.Second is not null)
                .ToDictionary(pair => pair.First, pair => ClientNetworkParser.ParseIpGroup(pair.Second!), StringComparer.OrdinalIgnoreCase),
        };
    }

    private async Task<JsonNode?> ReadResourceOnceAsync(string resourceId, Azure.Core.ResourceType type, string role, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken) =>
        await ReadSharedAsync(resourceId, (failures, id) => ArmRegistryReader.ReadAsync(arm, id, type, role, failures, cancellationToken), unread).ConfigureAwait(false);

    /// <summary>One read shared by every examination of this reader; what it could not read is listed in each examination that uses it.</summary>
    private async Task<T?> ReadSharedAsync<T>(string resourceId, Func<ConcurrentQueue<UnreadResource>, string, Task<T?>> read, ConcurrentQueue<UnreadResource> unread)
        where T : class
    {
        SharedRead shared = await sharedReads.GetOrAdd(resourceId, id => new Lazy<Task<SharedRead>>(async () =>
        {
            var failures = new ConcurrentQueue<UnreadResource>();
            object? value = await read(failures, id).ConfigureAwait(false);
            return new SharedRead(value, [.. failures]);
        })).Value.ConfigureAwait(false);
        foreach (UnreadResource failure in shared.Unread)
        {
            unread.Enqueue(failure);
        }

        return shared.Value as T;
    }

    private sealed record SharedRead(object? Value, IReadOnlyList<UnreadResource> Unread);

    private async Task<PrivateEndpointSubnet?> ReadPrivateEndpointSubnetAsync(string subnetId, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        string networkId = ClientSubnet.VirtualNetworkOf(subnetId);
        JsonNode? network = await ReadResourceOnceAsync(networkId, ArmApiVersions.VirtualNetwork, "private endpoint virtual network", unread, cancellationToken).ConfigureAwait(false);
        if (network is null || FindSubnet(network, subnetId) is not { } subnetNode)
        {
            return null;
        }

        ClientSubnet subnet = ClientNetworkParser.ParseSubnet(subnetNode, subnetId);
        if (!PrivateEndpointSubnet.AppliesNetworkSecurityGroups(subnet.PrivateEndpointNetworkPolicies) || subnet.NetworkSecurityGroupId is not { } groupId)
        {
            return new PrivateEndpointSubnet { Subnet = subnet };
        }

        JsonNode? group = await ReadResourceOnceAsync(groupId, ArmApiVersions.NetworkSecurityGroup, "private endpoint subnet network security group", unread, cancellationToken).ConfigureAwait(false);
        return new PrivateEndpointSubnet
        {
            Subnet = subnet,
            NetworkSecurityGroup = group is null ? null : ClientNetworkParser.ParseNetworkSecurityGroup(group, groupId, NetworkSecurityGroupScope.PrivateEndpointSubnet),
        };
    }

    private static JsonNode? FindSubnet(JsonNode network, string subnetId)
    {
        string? name = AzureResourceId.Parse(subnetId).Name;
        return JsonFields.Items(JsonFields.Find(JsonFields.Properties(network), "subnets")).FirstOrDefault(subnet =>
            string.Equals(JsonFields.String(JsonFields.Find(subnet, "id")), subnetId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(JsonFields.String(JsonFields.Find(subnet, "name")), name, StringComparison.OrdinalIgnoreCase));
    }
}
