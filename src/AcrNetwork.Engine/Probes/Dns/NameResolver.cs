using System.Net;

namespace AcrNetwork;

/// <summary>Who answers a lookup: the system resolver, as every application on the machine, or one DNS server.</summary>
internal sealed class NameResolver
{
    public const string SystemName = "System";

    private NameResolver(IPEndPoint? server) => Server = server;

    public static NameResolver System { get; } = new(null);

    public IPEndPoint? Server { get; }

    /// <summary><c>System</c>, the server's address, or <c>address:port</c> when the port is not 53.</summary>
    public string Name => Server is null ? SystemName : Format(Server);

    public static NameResolver ForServer(IPEndPoint server) => new(server.Port == 0 ? new IPEndPoint(server.Address, 53) : server);

    /// <summary>The system resolver first, then each server given, once.</summary>
    public static IReadOnlyList<NameResolver> SystemAnd(IEnumerable<IPEndPoint> servers) =>
        [System, .. servers.Select(ForServer).DistinctBy(r => r.Name)];

    public static string Format(IPEndPoint endpoint) => endpoint.Port == 53 ? endpoint.Address.ToString() : endpoint.ToString();

    public override string ToString() => Name;
}
