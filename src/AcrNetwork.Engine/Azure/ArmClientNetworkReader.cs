using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AcrNetwork;

/// <summary>
/// Reads the client's own network from ARM: the subnet's VNet (which carries the subnet, the address space, custom DNS
/// servers and peerings in one answer), the NSGs of the subnet and of the NIC, and the subnet's route table. Each
/// subnet is examined once per reader, so a fleet of registries diagnosed from one client reads its network once.
/// A part that cannot be read is listed in UnreadResources and the rest is examined without it.
/// </summary>
public sealed class ArmClientNetworkReader(ArmConnection arm)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ClientNetworkExamination>>> examinations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Examines the network of a client in <paramref name="subnetId"/>; with its NIC, the NIC's NSG too. AKS node pools
    /// and VMs found through the Instance Metadata Service come in here as well as <c>-ClientSubnetId</c>.
    /// </summary>
    /// <param name="reason">How the subnet was found, said in the diagnosis.</param>
    public Task<ClientNetworkExamination> ExamineAsync(string subnetId, string? networkInterfaceId, ClientSubnetSource source, string reason, CancellationToken cancellationToken) =>
        examinations.GetOrAdd($"{subnetId}|{networkInterfaceId}", _ => new Lazy<Task<ClientNetworkExamination>>(() =>
        {
            var unread = new ConcurrentQueue<UnreadResource>();
            Task<JsonNode?> networkInterface = networkInterfaceId is null
                ? Task.FromResult<JsonNode?>(null)
                : ArmRegistryReader.ReadAsync(arm, networkInterfaceId, ArmApiVersions.NetworkInterface, "client network interface", unread, cancellationToken);
            return ExamineOnceAsync(subnetId, networkInterface, source, reason, unread, cancellationToken);
        })).Value;

    /// <summary>
    /// Examines the network of a VM (or a scale set's instance) that the Instance Metadata Service named: its primary
    /// NIC, that NIC's subnet and NSG.
    /// </summary>
    public Task<ClientNetworkExamination> ExamineVirtualMachineAsync(string virtualMachineId, CancellationToken cancellationToken) =>
        examinations.GetOrAdd(virtualMachineId, _ => new Lazy<Task<ClientNetworkExamination>>(() => ExamineVirtualMachineOnceAsync(virtualMachineId, cancellationToken))).Value;

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
        JsonNode? nic = nicId is null ? null : await ArmRegistryReader.ReadAsync(arm, nicId, ArmApiVersions.NetworkInterface, "client network interface", unread, cancellationToken).ConfigureAwait(false);
        string? subnetId = nic is null ? null : ClientNetworkParser.ParseNetworkInterface(nic).SubnetIds.FirstOrDefault();
        if (subnetId is null)
        {
            string why = vm is null ? "the VM could not be read" : nicId is null ? "the VM lists no network interface" : nic is null ? "its network interface could not be read" : "its network interface names no subnet";
            return new ClientNetworkExamination
            {
                Source = ClientSubnetSource.InstanceMetadata,
                Reason = $"the Instance Metadata Service names the VM {vmName}, but {why}.",
                UnreadResources = [.. unread],
            };
        }

        string reason = $"found through the Instance Metadata Service: VM {vmName}, network interface {AzureResourceId.Parse(nicId).Name}.";
        return await ExamineOnceAsync(subnetId, Task.FromResult(nic), ClientSubnetSource.InstanceMetadata, reason, unread, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ClientNetworkExamination> ExamineOnceAsync(
        string subnetId, Task<JsonNode?> networkInterface, ClientSubnetSource source, string reason, ConcurrentQueue<UnreadResource> unread, CancellationToken cancellationToken)
    {
        string networkId = ClientSubnet.VirtualNetworkOf(subnetId);
        JsonNode? networkNode = await ArmRegistryReader.ReadAsync(arm, networkId, ArmApiVersions.VirtualNetwork, "client virtual network", unread, cancellationToken).ConfigureAwait(false);
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

        Task<JsonNode?> routeTable = subnet.RouteTableId is null
            ? Task.FromResult<JsonNode?>(null)
            : ArmRegistryReader.ReadAsync(arm, subnet.RouteTableId, ArmApiVersions.RouteTable, "client route table", unread, cancellationToken);
        JsonNode?[] groupNodes = await Task.WhenAll(groups.Select(group =>
            ArmRegistryReader.ReadAsync(arm, group.Id, ArmApiVersions.NetworkSecurityGroup, $"client {(group.Scope == NetworkSecurityGroupScope.Subnet ? "subnet" : "network interface")} network security group", unread, cancellationToken)))
            .ConfigureAwait(false);
        JsonNode? routeTableNode = await routeTable.ConfigureAwait(false);

        return new ClientNetworkExamination
        {
            Source = source,
            SubnetId = subnet.ResourceId,
            Reason = reason,
            Subnet = subnet,
            VirtualNetwork = ClientNetworkParser.ParseVirtualNetwork(networkNode, networkId),
            NetworkSecurityGroups = groups.Zip(groupNodes)
                .Where(pair => pair.Second is not null)
                .Select(pair => ClientNetworkParser.ParseNetworkSecurityGroup(pair.Second!, pair.First.Id, pair.First.Scope))
                .ToList(),
            RouteTable = routeTableNode is null || subnet.RouteTableId is null ? null : ClientNetworkParser.ParseRouteTable(routeTableNode, subnet.RouteTableId),
            UnreadResources = [.. unread],
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
