using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AcrNetwork.Tests.Loopback;

/// <summary>
/// A recursive resolver's answers from a canned zone, on a UDP port of 127.0.0.1 and the same TCP port
/// (where clients retry answers they could not read): CNAMEs are followed inside the zone, names can be
/// made to fail (SERVFAIL, REFUSED), to get no answer, or a malformed one.
/// </summary>
internal sealed class LoopbackDnsServer : IDisposable
{
    private readonly UdpClient socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly TcpListener tcp;
    private readonly Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<IPAddress>> addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> silent = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> garbled = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource stopping = new();

    public LoopbackDnsServer()
    {
        tcp = new TcpListener(IPAddress.Loopback, EndPoint.Port);
        tcp.Start();
        _ = ServeAsync();
        _ = ServeTcpAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)socket.Client.LocalEndPoint!;

    public int QueryCount { get; private set; }

    public LoopbackDnsServer Alias(string name, string target)
    {
        aliases[name] = target;
        return this;
    }

    public LoopbackDnsServer Address(string name, params string[] values)
    {
        addresses[name] = values.Select(IPAddress.Parse).ToList();
        return this;
    }

    /// <summary>Answers queries for the name with this response code (2 SERVFAIL, 5 REFUSED...).</summary>
    public LoopbackDnsServer Fail(string name, int responseCode)
    {
        failures[name] = responseCode;
        return this;
    }

    /// <summary>Never answers for the name: the client times out.</summary>
    public LoopbackDnsServer Silent(string name)
    {
        silent.Add(name);
        return this;
    }

    /// <summary>Answers with a header that promises records the message does not hold.</summary>
    public LoopbackDnsServer Garble(string name)
    {
        garbled.Add(name);
        return this;
    }

    public void Dispose()
    {
        stopping.Cancel();
        socket.Dispose();
        tcp.Stop();
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await socket.ReceiveAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            QueryCount++;
            byte[]? answer = Answer(request.Buffer);
            if (answer is not null)
            {
                await socket.SendAsync(answer, request.RemoteEndPoint, stopping.Token);
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using TcpClient client = await tcp.AcceptTcpClientAsync(stopping.Token);
                NetworkStream stream = client.GetStream();
                byte[] length = new byte[2];
                await stream.ReadExactlyAsync(length, stopping.Token);
                byte[] query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                await stream.ReadExactlyAsync(query, stopping.Token);
                QueryCount++;
                if (Answer(query) is { } answer)
                {
                    byte[] framed = [.. U16(answer.Length), .. answer];
                    await stream.WriteAsync(framed, stopping.Token);
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (IOException)
            {
                // The client gave up on this connection.
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        int offset = 12;
        string name = ReadName(query, ref offset);
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset));
        byte[] question = query[12..(offset + 4)];
        if (silent.Contains(name))
        {
            return null;
        }

        var records = new List<byte[]>();
        int responseCode = 0;
        string current = name;
        for (int depth = 0; depth < 10; depth++)
        {
            if (failures.TryGetValue(current, out int code))
            {
                responseCode = code;
                break;
            }

            if (aliases.TryGetValue(current, out string? target))
            {
                records.Add(Record(current, 5, EncodeName(target)));
                current = target;
                continue;
            }

            if (addresses.TryGetValue(current, out List<IPAddress>? found))
            {
                int wanted = type == 28 ? 28 : 1;
                records.AddRange(found.Where(a => (a.AddressFamily == AddressFamily.InterNetworkV6 ? 28 : 1) == wanted).Select(a => Record(current, wanted, a.GetAddressBytes())));
            }
            else
            {
                responseCode = 3;
            }

            break;
        }

        var message = new List<byte>();
        message.AddRange(query[..2]);
        message.Add((byte)(0x80 | (query[2] & 0x01)));
        message.Add((byte)(0x80 | responseCode));
        message.AddRange(U16(1));
        message.AddRange(U16(garbled.Contains(name) ? 7 : records.Count));
        message.AddRange(U16(0));
        message.AddRange(U16(0));
        message.AddRange(question);
        foreach (byte[] record in records)
        {
            message.AddRange(record);
        }

        if (garbled.Contains(name))
        {
            message.AddRange(new byte[] { 0xC0, 0xFF, 0x00 });
        }

        return message.ToArray();
    }

    private static byte[] Record(string owner, int type, byte[] data) =>
        [.. EncodeName(owner), .. U16(type), .. U16(1), 0, 0, 0, 30, .. U16(data.Length), .. data];

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (string label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return bytes.ToArray();
    }

    private static string ReadName(byte[] message, ref int offset)
    {
        var labels = new List<string>();
        while (message[offset] != 0)
        {
            int length = message[offset++];
            labels.Add(Encoding.ASCII.GetString(message, offset, length));
            offset += length;
        }

        offset++;
        return string.Join('.', labels);
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
