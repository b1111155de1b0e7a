using System.Text;

namespace AcrNetwork.Tests.Loopback;

/// <summary>An HTTP/1.1 request as a loopback server reads it.</summary>
internal sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => Target.Split('?')[0];
}

/// <summary>Just enough HTTP/1.1 for the loopback servers: read a request, write a response.</summary>
internal static class LoopbackHttp
{
    public static async Task<LoopbackRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        string? head = await ReadHeadAsync(stream, cancellationToken);
        if (head is null)
        {
            return null;
        }

        string[] lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        string body = "";
        if (headers.TryGetValue("Content-Length", out string? length) && int.Parse(length) > 0)
        {
            byte[] buffer = new byte[int.Parse(length)];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            body = Encoding.UTF8.GetString(buffer);
        }

        return new LoopbackRequest(requestLine[0], requestLine[1], headers, body);
    }

    /// <summary>Reads up to the blank line ending a head, byte by byte; null when the peer closed first.</summary>
    public static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        byte[] one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return Encoding.Latin1.GetString(head.ToArray());
    }

    public static Task WriteResponseAsync(Stream stream, int status, string body = "", params string[] headers)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder($"HTTP/1.1 {status} Status{status}\r\n");
        foreach (string header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        text.Append($"Content-Length: {content.Length}\r\n\r\n");
        byte[] response = [.. Encoding.ASCII.GetBytes(text.ToString()), .. content];
        return stream.WriteAsync(response).AsTask();
    }

    /// <summary>Waits for whatever the peer sends first (a ClientHello, a request) and returns how much arrived.</summary>
    public static async Task<int> ReadSomeAsync(Stream stream, CancellationToken cancellationToken) =>
        await stream.ReadAsync(new byte[4096], cancellationToken);
}
