using System.Collections;
using System.Runtime.InteropServices;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

/// <summary>Where the diagnosis runs decides who controls the egress and which fixes apply.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum ClientHostKind
{
    /// <summary>A machine the user controls: a workstation, a VM, a build agent.</summary>
    Machine,
    CloudShell,
    AzureAutomation,
    KubernetesPod,
}

/// <summary>A proxy variable as the process sees it, with any password masked.</summary>
public sealed class ProxyVariable
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
    public override string ToString() => $"{Name}={Value}";
}

/// <summary>The client side of the story: the host it runs on and the proxy settings it inherits.</summary>
public sealed class ClientContext
{
    public ClientHostKind HostKind { get; init; }
    public string OperatingSystem { get; init; } = "";
    public IReadOnlyList<ProxyVariable> ProxyVariables { get; init; } = [];

    /// <summary>The proxy each endpoint of the registry is reached through, and why; filled in by the diagnosis.</summary>
    public IReadOnlyList<EndpointProxy> EndpointProxies { get; init; } = [];

    /// <summary>False where the egress address belongs to Microsoft (Cloud Shell, Automation sandboxes).</summary>
    public bool EgressControllable => HostKind is ClientHostKind.Machine or ClientHostKind.KubernetesPod;

    /// <summary>What the host means for reaching a registry: who owns the egress, which fixes apply.</summary>
    public IReadOnlyList<string> Implications => HostKind switch
    {
        ClientHostKind.CloudShell =>
        [
            "Cloud Shell's outbound address is Microsoft's, shared and changing: it cannot be added to a registry's IP rules for good.",
            "Cloud Shell is not a trusted Azure service for ACR: a network-restricted registry refuses it; use a VM or agent in an allowed network, or a private endpoint.",
        ],
        ClientHostKind.AzureAutomation =>
        [
            "An Automation sandbox's outbound address is Microsoft's and changes between jobs: IP rules cannot allow it.",
            "Automation is not a trusted Azure service for ACR: run the runbook on a Hybrid Runbook Worker inside the registry's allowed network or VNet.",
        ],
        ClientHostKind.KubernetesPod =>
        [
            "Image pulls are made by the node's container runtime, not by this pod: they use the node's DNS, proxy settings (containerd's environment) and the kubelet identity.",
            "The registry sees the cluster's egress address (load balancer outbound IP, NAT gateway or firewall), not the pod's.",
        ],
        _ => [],
    };

    private static readonly string[] ProxyVariableNames =
        ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

    /// <summary>Reads the context from the process environment.</summary>
    /// <param name="isAutomationJob">True when the host says it runs an Azure Automation job (only PowerShell can tell).</param>
    public static ClientContext Detect(bool isAutomationJob) => FromEnvironment(Environment.GetEnvironmentVariables(), isAutomationJob);

    /// <summary>The same context, with the proxy decision for each endpoint.</summary>
    public ClientContext WithEndpointProxies(IReadOnlyList<EndpointProxy> endpointProxies) => new()
    {
        HostKind = HostKind,
        OperatingSystem = OperatingSystem,
        ProxyVariables = ProxyVariables,
        EndpointProxies = endpointProxies,
    };

    public override string ToString() => $"{HostKind} ({OperatingSystem})";

    public static ClientContext FromEnvironment(IDictionary variables, bool isAutomationJob)
    {
        string? Get(string name) => variables.Contains(name) ? variables[name] as string : null;

        ClientHostKind hostKind =
            isAutomationJob ? ClientHostKind.AzureAutomation
            : Get("ACC_CLOUD") is not null || (Get("AZUREPS_HOST_ENVIRONMENT")?.StartsWith("cloud-shell/", StringComparison.OrdinalIgnoreCase) ?? false) ? ClientHostKind.CloudShell
            : Get("KUBERNETES_SERVICE_HOST") is not null ? ClientHostKind.KubernetesPod
            : ClientHostKind.Machine;

        return new ClientContext
        {
            HostKind = hostKind,
            OperatingSystem = RuntimeInformation.OSDescription,
            ProxyVariables = ProxyVariableNames
                .Where(name => !string.IsNullOrEmpty(Get(name)))
                .Select(name => new ProxyVariable { Name = name, Value = Redaction.Text(Get(name)) })
                .ToList(),
        };
    }
}
