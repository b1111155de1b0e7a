using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace AcrNetwork;

/// <summary>One name resolved through one resolver.</summary>
internal sealed record DnsLookup(
    DnsStatus Status,
    IReadOnlyList<string> CnameChain,
    IReadOnlyList<IPAddress> Addresses,
    string? NameServer,
    string? Error,
    string? Note,
    double ElapsedMs);

/// <summary>
/// Resolves names the way a client does, within a deadline. A DNS server given explicitly is asked with
/// DnsClient (A and AAAA, no cache, no retry). The system resolver is asked twice at once: through the
/// operating system (hosts file, NSS, search rules: the addresses applications really get) and through
/// DnsClient against the system's configured servers (the CNAME chain and the exact response code).
/// </summary>
/// <param name="log">Its wire channel is told each query: server, type, response code and time.</param>
internal sealed class DnsProbe(TimeSpan timeout, DiagnosisLog? log = null)
{
    private readonly DiagnosisLog log = log ?? DiagnosisLog.None;
    private readonly Lazy<IReadOnlyList<NameServer>> systemServers = new(SystemNameServers);

    public async Task<DnsLookup> ResolveAsync(string name, NameResolver resolver, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (resolver.Server is not null)
        {
            ServerAnswer answer = await QueryAsync(name, [new NameServer(resolver.Server)], cancellationToken).ConfigureAwait(false);
            return new DnsLookup(answer.Status, answer.CnameChain, answer.Addresses, answer.NameServer, answer.Error, null, clock.Elapsed.TotalMilliseconds);
        }

        IReadOnlyList<NameServer> servers = systemServers.Value;
        Task<ServerAnswer>? fromServers = servers.Count > 0 ? QueryAsync(name, servers, cancellationToken) : null;
        Task<SystemAnswer> fromSystem = ResolveWithOperatingSystemAsync(name, cancellationToken);
        SystemAnswer system = await fromSystem.ConfigureAwait(false);
        ServerAnswer? dns = fromServers is null ? null : await fromServers.ConfigureAwait(false);
        return Combine(system, dns, clock.Elapsed.TotalMilliseconds);
    }

    private static DnsLookup Combine(SystemAnswer system, ServerAnswer? dns, double elapsedMs)
    {
        if (system.Addresses.Count == 0)
        {
            if (dns is null)
            {
                return new DnsLookup(system.Status, [], [], null, system.Error, null, elapsedMs);
            }

            // The DNS servers' answer says precisely why (NXDOMAIN, NODATA, SERVFAIL...), where getaddrinfo only says "not found".
            return dns.Status != DnsStatus.Resolved
                ? new DnsLookup(dns.Status, dns.CnameChain, [], dns.NameServer, dns.Error, null, elapsedMs)
                : new DnsLookup(system.Status, dns.CnameChain, [], dns.NameServer, system.Error,
                    $"Its DNS servers answer {Join(dns.Addresses)}, but the system resolver gives applications no address: a local resolver or the name service configuration stands in the way.", elapsedMs);
        }

        string? note = null;
        if (dns is null || dns.Status != DnsStatus.Resolved)
        {
            note = $"The system resolver answers {Join(system.Addresses)}, but its DNS servers answer {dns?.Status.ToString() ?? "nothing (none configured)"}: a hosts file entry or another resolver answers for the name.";
        }
        else if (!system.Addresses.All(dns.Addresses.Contains))
        {
            note = $"The system resolver answers {Join(system.Addresses)}, but its DNS servers answer {Join(dns.Addresses)}: a hosts file entry or another resolver overrides DNS for the name.";
        }

        return new DnsLookup(DnsStatus.Resolved, dns?.CnameChain ?? [], system.Addresses, dns?.NameServer, null, note, elapsedMs);
    }

    private async Task<SystemAnswer> ResolveWithOperatingSystemAsync(string name, CancellationToken cancellationToken)
    {
        SystemAnswer answer = await AskOperatingSystemAsync(name, cancellationToken).ConfigureAwait(false);
        log.Wire.Tell($"DNS getaddrinfo {name}: {answer.Status}{Answer(answer.Addresses)}");
        return answer;
    }

    private async Task<SystemAnswer> AskOperatingSystemAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(name, cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? new SystemAnswer(DnsStatus.Resolved, addresses.Distinct().ToList(), null)
                : new SystemAnswer(DnsStatus.NoRecord, [], "The system resolver returned no address.");
        }
        catch (TimeoutException)
        {
            return new SystemAnswer(DnsStatus.Timeout, [], $"The system resolver gave no answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (SocketException ex)
        {
            DnsStatus status = ex.SocketErrorCode switch
            {
                SocketError.HostNotFound => DnsStatus.NameNotFound,
                SocketError.NoData => DnsStatus.NoRecord,
                // EAI_AGAIN: the servers failed or did not answer.
                SocketError.TryAgain => DnsStatus.ServerFailure,
                _ => DnsStatus.Failed,
            };
            return new SystemAnswer(status, [], $"{ex.SocketErrorCode}: {ex.Message}");
        }
    }

    private async Task<ServerAnswer> QueryAsync(string name, IReadOnlyList<NameServer> servers, CancellationToken cancellationToken)
    {
        var options = new LookupClientOptions(servers.ToArray())
        {
            Timeout = timeout,
            Retries = 0,
            UseCache = false,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseTcpFallback = true,
        };
        var client = new LookupClient(options);

        // A and AAAA at once, as getaddrinfo asks them.
        Task<ServerAnswer> ipv4 = QueryTypeAsync(client, name, QueryType.A, cancellationToken);
        Task<ServerAnswer> ipv6 = QueryTypeAsync(client, name, QueryType.AAAA, cancellationToken);
        ServerAnswer a = await ipv4.ConfigureAwait(false);
        ServerAnswer aaaa = await ipv6.ConfigureAwait(false);

        if (a.Addresses.Count + aaaa.Addresses.Count == 0)
        {
            // IPv4 clients live by the A answer; AAAA only decides when A says nothing more useful.
            return a.Status == DnsStatus.NoRecord && aaaa.Status is not (DnsStatus.Resolved or DnsStatus.NoRecord) ? aaaa : a;
        }

        return new ServerAnswer(
            DnsStatus.Resolved,
            a.CnameChain.Count > 0 ? a.CnameChain : aaaa.CnameChain,
            [.. a.Addresses, .. aaaa.Addresses],
            a.NameServer ?? aaaa.NameServer,
            null);
    }

    private async Task<ServerAnswer> QueryTypeAsync(LookupClient client, string name, QueryType type, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            IDnsQueryResponse response = await client.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            DnsAnswer answer = DnsAnswerReader.Read(name, response.Header.ResponseCode, response.Answers);
            string? server = response.NameServer is { } ns && IPAddress.TryParse(ns.Address, out IPAddress? address)
                ? NameResolver.Format(new IPEndPoint(address, ns.Port))
                : null;
            log.Wire.Tell($"DNS {type} {name} at {server}: {response.Header.ResponseCode}{Answer(answer.Addresses)} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            return new ServerAnswer(answer.Status, answer.CnameChain, answer.Addresses, server, answer.Error);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // DnsClient reports a cancelled query as a timeout; the caller stopped, which is not a result.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is DnsResponseException or DnsResponseParseException or SocketException)
        {
            ServerAnswer failure = FromException(ex);
            log.Wire.Tell($"DNS {type} {name} at {string.Join(", ", client.NameServers)}: {failure.Status} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
            return failure;
        }
    }

    private ServerAnswer FromException(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case DnsResponseParseException parse:
                    return new ServerAnswer(DnsStatus.Malformed, [], [], null, $"The answer could not be parsed: {parse.Message}");
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset:
                    return new ServerAnswer(DnsStatus.Unreachable, [], [], null, $"{socket.SocketErrorCode}: nothing answers DNS there (ICMP port unreachable).");
                case SocketException socket when socket.SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable:
                    return new ServerAnswer(DnsStatus.Unreachable, [], [], null, $"{socket.SocketErrorCode}: no route to the DNS server.");
            }
        }

        return ex is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout }
            ? new ServerAnswer(DnsStatus.Timeout, [], [], null, $"No answer within {timeout.TotalSeconds:0.#} s.")
            : new ServerAnswer(DnsStatus.Failed, [], [], null, ex.Message);
    }

    private static IReadOnlyList<NameServer> SystemNameServers()
    {
        try
        {
            // Never a public fallback: with nothing configured, only the operating system's answer counts.
            return NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).ToList();
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    private static string Join(IEnumerable<IPAddress> addresses) => string.Join(", ", addresses);

    private static string Answer(IReadOnlyList<IPAddress> addresses) => addresses.Count == 0 ? ", no address" : $" {Join(addresses)}";

    private sealed record SystemAnswer(DnsStatus Status, IReadOnlyList<IPAddress> Addresses, string? Error);

    private sealed record ServerAnswer(DnsStatus Status, IReadOnlyList<string> CnameChain, IReadOnlyList<IPAddress> Addresses, string? NameServer, string? Error);
}
