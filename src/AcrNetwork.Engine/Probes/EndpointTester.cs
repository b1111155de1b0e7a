using System.Net;
using System.Net.Sockets;

namespace AcrNetwork;

/// <summary>
/// Tests every endpoint of every registry asked for: each endpoint at each address it resolves to, all in
/// flight together, so a dropped packet costs one timeout whatever the number of endpoints. With a
/// repository to pull, the host blobs are redirected to is tested too, even when no configuration named it.
/// </summary>
internal sealed class EndpointTester
{
    private readonly EndpointTestOptions options;
    private readonly AddressProbe probe;
    private readonly DnsProbe dns;

    public EndpointTester(EndpointTestOptions options)
    {
        this.options = options;
        probe = new AddressProbe(options);
        dns = new DnsProbe(options.Timeout, options.Log);
    }

    /// <summary>Writes the results registry by registry, in the order asked, as each registry completes.</summary>
    public async Task TestAsync(IReadOnlyList<EndpointTestRequest> requests, Action<EndpointTest> write, CancellationToken cancellationToken)
    {
        IAsyncEnumerable<List<EndpointTest>> registries = Throttle.InOrderAsync(Group(requests), options.ThrottleLimit, registry => TestRegistryAsync(registry, cancellationToken), cancellationToken);
        await foreach (List<EndpointTest> registry in registries.ConfigureAwait(false))
        {
            foreach (EndpointTest result in registry)
            {
                write(result);
            }
        }
    }

    /// <summary>Requests grouped by registry in first-seen order; one request per host, answers merged.</summary>
    private static IEnumerable<List<EndpointTestRequest>> Group(IReadOnlyList<EndpointTestRequest> requests) =>
        requests
            .GroupBy(r => r.Target.LoginServer, StringComparer.OrdinalIgnoreCase)
            .Select(registry => registry
                .GroupBy(r => r.Target.Fqdn, StringComparer.OrdinalIgnoreCase)
                .Select(host => host.Any(r => r.Resolutions is null)
                    ? host.First(r => r.Resolutions is null)
                    : new EndpointTestRequest { Target = host.First().Target, Resolutions = host.SelectMany(r => r.Resolutions!).ToList() })
                .ToList());

    private async Task<List<EndpointTest>> TestRegistryAsync(List<EndpointTestRequest> registry, CancellationToken cancellationToken)
    {
        var pullPath = new PullPath(options.Repository is not null);
        List<Task<List<EndpointTest>>> endpoints = registry.Select(r => TestEndpointAsync(r, pullPath, cancellationToken)).ToList();

        // The host blobs are redirected to is tested as soon as one REST probe finds it, not after the others:
        // a REST address that drops packets (an IPv6 path) must not add its timeout to the redirected host's.
        Task<List<EndpointTest>> redirected = TestRedirectedHostAsync(registry, pullPath, cancellationToken);
        try
        {
            await Task.WhenAll(endpoints.Where((_, i) => registry[i].Target.Role == EndpointPurpose.Rest)).ConfigureAwait(false);
        }
        finally
        {
            pullPath.Close();
        }

        var results = (await Task.WhenAll(endpoints).ConfigureAwait(false)).SelectMany(r => r).ToList();
        results.AddRange(await redirected.ConfigureAwait(false));
        return results;
    }

    /// <summary>The host the pull path was redirected to, when no request named it; nothing when there was no redirect.</summary>
    private async Task<List<EndpointTest>> TestRedirectedHostAsync(List<EndpointTestRequest> registry, PullPath pullPath, CancellationToken cancellationToken)
    {
        Uri? blob = await pullPath.Location.ConfigureAwait(false);
        if (blob is null || registry.Any(r => r.Target.Fqdn.Equals(blob.IdnHost, StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        ProbeTarget rest = registry.FirstOrDefault(r => r.Target.Role == EndpointPurpose.Rest)?.Target ?? registry[0].Target;
        return await TestEndpointAsync(new EndpointTestRequest { Target = RedirectTarget(rest, blob.IdnHost) }, pullPath, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<EndpointTest>> TestEndpointAsync(EndpointTestRequest request, PullPath pullPath, CancellationToken cancellationToken)
    {
        ProbeTarget target = request.Target;
        ProxyRoute? proxy = options.Proxy.RouteFor(target.Fqdn);
        if (proxy is not null)
        {
            // The proxy resolves the name and connects; the client's own answers play no part.
            EndpointTest proxied = await probe.RunAsync(target, new ProbeAddress(null, proxy, null, null, null), pullPath, cancellationToken).ConfigureAwait(false);
            Tell(proxied);
            return [proxied];
        }

        IReadOnlyList<(string Resolver, DnsLookup Lookup)> answers = request.Resolutions is { } given
            ? given.Select(r => (r.Resolver, FromResolution(r))).ToList()
            : await ResolveAsync(target.Fqdn, cancellationToken).ConfigureAwait(false);

        // One test per distinct address, crediting every resolver that gave it. IPv6 addresses only when this client
        // has IPv6, unless the name has nothing else.
        bool testIpv6 = options.TestIpv6 || answers.All(a => a.Lookup.Addresses.All(address => address.AddressFamily == AddressFamily.InterNetworkV6));
        var addresses = answers
            .SelectMany(a => a.Lookup.Addresses.Where(address => testIpv6 || address.AddressFamily != AddressFamily.InterNetworkV6).Select(address => (Address: address, a.Resolver, a.Lookup)))
            .GroupBy(a => a.Address)
            .Select(g => new ProbeAddress(g.Key, null, string.Join(", ", g.Select(a => a.Resolver).Distinct()), DnsStatus.Resolved, g.Min(a => a.Lookup.ElapsedMs)))
            .ToList();
        List<Task<EndpointTest>> tests = addresses.Select(a => probe.RunAsync(target, a, pullPath, cancellationToken)).ToList();
        var results = (await Task.WhenAll(tests).ConfigureAwait(false)).ToList();
        results.AddRange(answers.Where(a => a.Lookup.Addresses.Count == 0).Select(a => AddressProbe.DnsFailure(target, a.Resolver, a.Lookup)));
        foreach (EndpointTest result in results)
        {
            Tell(result);
        }

        return results;
    }

    /// <summary>One endpoint at one address, stage by stage as a client met it, with the outcome and its time.</summary>
    private void Tell(EndpointTest test) => options.Log.Step.Tell(
        $"Endpoint {test.Fqdn} ({test.Role}{(test.Region is null ? "" : $" {test.Region}")}) {(test.Proxy is null ? $"at {test.Address ?? "no address"}, direct" : $"through the proxy {test.Proxy}")}: {Stages(test)} => {(test.FailedStage is { } failed ? $"Failed at {failed}" : "Passed")} in {test.ElapsedMs} ms.{(test.FailedStage is null ? "" : $" {test.Message}")}");

    private static string Stages(EndpointTest test)
    {
        var stages = new List<string>();
        if (test.ProxyStatus is { } proxy)
        {
            stages.Add($"proxy {proxy}{(test.ProxyHttpStatus is { } status ? $" ({status})" : "")} {test.ProxyMs} ms");
        }

        if (test.TcpStatus is { } tcp)
        {
            stages.Add($"TCP {tcp} {test.TcpMs} ms");
        }

        if (test.TlsStatus is { } tls)
        {
            stages.Add($"TLS {tls}{(test.TlsProtocol is null ? "" : $" {test.TlsProtocol}")} {test.TlsMs} ms");
        }

        if (test.HttpRequest is { } request)
        {
            stages.Add($"{request} {(object?)test.HttpStatus ?? "no answer"}{(test.AcrErrorCode is null ? "" : $" {test.AcrErrorCode}")} {test.HttpMs} ms");
        }

        if (test.TokenStatus is { } token)
        {
            stages.Add($"token {token} {test.TokenMs} ms");
        }

        if (test.Repository is { } repository)
        {
            stages.Add($"pull {repository}: manifest {(object?)test.ManifestStatus ?? "-"}, blob {(object?)test.BlobStatus ?? "-"}{(test.BlobRedirectHost is null ? "" : $" from {test.BlobRedirectHost}")} {test.PullMs} ms");
        }

        return stages.Count == 0 ? $"DNS {test.DnsStatus}" : string.Join(", ", stages);
    }

    private async Task<IReadOnlyList<(string Resolver, DnsLookup Lookup)>> ResolveAsync(string fqdn, CancellationToken cancellationToken)
    {
        DnsLookup[] lookups = await Task.WhenAll(options.Resolvers.Select(r => dns.ResolveAsync(fqdn, r, cancellationToken))).ConfigureAwait(false);
        return options.Resolvers.Select((r, i) => (r.Name, lookups[i])).ToList();
    }

    private static DnsLookup FromResolution(DnsResolution resolution) => new(
        resolution.Status,
        resolution.CnameChain,
        resolution.Addresses.Select(a => IPAddress.TryParse(a, out IPAddress? address) ? address : null).OfType<IPAddress>().ToList(),
        resolution.NameServer,
        resolution.Error,
        null,
        resolution.ElapsedMs);

    /// <summary>The host blobs were redirected to: a data endpoint of some region, or blob storage.</summary>
    private static ProbeTarget RedirectTarget(ProbeTarget registry, string host)
    {
        string? region = RegistryNames.RegionOfDataEndpoint(host);
        bool isDataEndpoint = region is not null;
        return new ProbeTarget
        {
            Registry = registry.Registry,
            LoginServer = registry.LoginServer,
            Fqdn = host.ToLowerInvariant(),
            Role = isDataEndpoint ? EndpointPurpose.Data : EndpointPurpose.Storage,
            Region = region ?? registry.Region,
            HasPrivateEndpoint = isDataEndpoint && registry.HasPrivateEndpoint,
        };
    }
}
