using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AcrNetwork;

internal sealed record TcpOutcome(TcpStatus Status, Socket? Socket, string? Error, double ElapsedMs);

/// <summary>The TCP stage of an endpoint test: to the endpoint, or to the proxy when there is one.</summary>
internal sealed record TcpResult(TcpStatus Status, double Ms) : StageResult;

/// <summary>Opens TCP to an exact address (or to a proxy by name) within a deadline, and says how it went.</summary>
internal static class TcpProbe
{
    public static async Task<TcpOutcome> ConnectAsync(EndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Socket socket = endpoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
            return new TcpOutcome(TcpStatus.Connected, socket, null, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return new TcpOutcome(TcpStatus.Timeout, null, $"No answer to the connection request within {timeout.TotalSeconds:0.#} s.", clock.Elapsed.TotalMilliseconds);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            TcpStatus status = ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => TcpStatus.Refused,
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => TcpStatus.Unreachable,
                SocketError.ConnectionReset => TcpStatus.Reset,
                SocketError.TimedOut => TcpStatus.Timeout,
                _ => TcpStatus.Failed,
            };
            return new TcpOutcome(status, null, $"{ex.SocketErrorCode}: {ex.Message}", clock.Elapsed.TotalMilliseconds);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
