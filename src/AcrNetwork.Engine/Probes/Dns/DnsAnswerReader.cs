using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace AcrNetwork;

/// <summary>One DNS answer, reduced to what a client experiences: a status, the alias chain and the final addresses.</summary>
internal sealed record DnsAnswer(DnsStatus Status, IReadOnlyList<string> CnameChain, IReadOnlyList<IPAddress> Addresses, string? Error);

internal static class DnsAnswerReader
{
    // Alias chains on Azure are four or five deep; anything far longer is a loop.
    private const int MaxChainLength = 16;

    public static DnsAnswer Read(string name, DnsHeaderResponseCode responseCode, IEnumerable<DnsResourceRecord> answers)
    {
        var records = answers.ToList();
        var chain = new List<string>();
        string current = Normalize(name);
        while (chain.Count < MaxChainLength)
        {
            CNameRecord? alias = records.OfType<CNameRecord>().FirstOrDefault(r => Normalize(r.DomainName) == current);
            if (alias is null)
            {
                break;
            }

            current = Normalize(alias.CanonicalName);
            if (chain.Contains(current) || current == Normalize(name))
            {
                return new DnsAnswer(DnsStatus.Malformed, chain, [], $"The CNAME chain loops back to {current}.");
            }

            chain.Add(current);
        }

        // Addresses of the last alias; a server that flattens the chain may give them under another owner name.
        var finalRecords = records.OfType<AddressRecord>().Where(r => Normalize(r.DomainName) == current).ToList();
        List<IPAddress> addresses = (finalRecords.Count > 0 ? finalRecords : records.OfType<AddressRecord>())
            .Select(r => r.Address)
            .Distinct()
            .ToList();

        return responseCode switch
        {
            DnsHeaderResponseCode.NoError when addresses.Count > 0 => new DnsAnswer(DnsStatus.Resolved, chain, addresses, null),
            DnsHeaderResponseCode.NoError => new DnsAnswer(DnsStatus.NoRecord, chain, [], "NOERROR with no address record (NODATA)"),
            DnsHeaderResponseCode.NotExistentDomain => new DnsAnswer(DnsStatus.NameNotFound, chain, [], "NXDOMAIN"),
            DnsHeaderResponseCode.ServerFailure => new DnsAnswer(DnsStatus.ServerFailure, chain, [], "SERVFAIL"),
            DnsHeaderResponseCode.Refused => new DnsAnswer(DnsStatus.Refused, chain, [], "REFUSED"),
            _ => new DnsAnswer(DnsStatus.Failed, chain, [], $"response code {(int)responseCode} ({responseCode})"),
        };
    }

    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
