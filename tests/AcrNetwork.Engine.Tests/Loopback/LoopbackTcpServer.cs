using System.Net;
using System.Net.Sockets;

namespace AcrNetwork.Tests.Loopback;

/// <summary>A TCP server on a free port of 127.0.0.1 that hands each connection to a handler.</summary>
internal sealed class LoopbackTcpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<NetworkStream, CancellationToken, Task> handle;
    private readonly CancellationTokenSource stopping = new();

    public LoopbackTcpServer(Func<NetworkStream, CancellationToken, Task> handle)
    {
        this.handle = handle;
        listener.Start();
        _ = AcceptAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)listener.LocalEndpoint;

    public int Connections { get; private set; }

    /// <summary>A loopback port nothing listens on: connecting to it is refused.</summary>
    public static IPEndPoint ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endpoint = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop();
        return endpoint;
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            Connections++;
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await handle(client.GetStream(), stopping.Token);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // The probe under test may hang up at any point; that is its business.
                    }
                }
            });
        }
    }
}
