using System.Collections;
using System.Management.Automation;
using System.Net;

namespace AcrNetwork.Commands;

/// <summary>Lets -DnsServer take <c>IP</c> or <c>IP:port</c> strings (<c>[v6]:port</c> for IPv6); the port defaults to 53.</summary>
internal sealed class DnsServerTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object input = inputData is PSObject ps ? ps.BaseObject : inputData;
        IEnumerable items = input is IEnumerable sequence and not string ? sequence : new[] { input };
        return items.Cast<object?>().Select(ToEndpoint).ToArray();
    }

    private static IPEndPoint ToEndpoint(object? item) => (item is PSObject ps ? ps.BaseObject : item) switch
    {
        IPEndPoint endpoint => WithDefaultPort(endpoint),
        IPAddress address => new IPEndPoint(address, 53),
        string text when IPEndPoint.TryParse(text.Trim(), out IPEndPoint? endpoint) => WithDefaultPort(endpoint),
        var other => throw new ArgumentTransformationMetadataException(
            $"'{other}' is not a DNS server address. Give an IP address, optionally with a port: 10.0.0.4, 10.0.0.4:5353, [fd00::4]:53."),
    };

    private static IPEndPoint WithDefaultPort(IPEndPoint endpoint) => endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
}
