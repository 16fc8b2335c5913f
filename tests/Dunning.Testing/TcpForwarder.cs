using System.Net;
using System.Net.Sockets;

namespace Dunning.Testing;

/// <summary>
/// Forwards a local port to a shared server (RabbitMQ, PostgreSQL), so a test can take it away from one service (stop: listener
/// and every connection closed; before the first start: connections refused) and give it back (start again on the same port)
/// without touching the shared server.
/// </summary>
public sealed class TcpForwarder(int port, string targetHost, int targetPort) : IDisposable
{
    private TcpListener? _listener;
    private CancellationTokenSource _stopping = new();

    public int Port => port;

    public void Start()
    {
        _stopping = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _ = AcceptAsync(_listener, _stopping.Token);
    }

    public void Stop()
    {
        _stopping.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping); }
            catch (Exception) { return; }
            _ = PipeAsync(client, stopping);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken stopping)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(targetHost, targetPort, stopping);
                var a = client.GetStream().CopyToAsync(upstream.GetStream(), stopping);
                var b = upstream.GetStream().CopyToAsync(client.GetStream(), stopping);
                await Task.WhenAny(a, b);
            }
            catch (Exception)
            {
                // a side closed or the forwarder stopped: drop both connections
            }
        }
    }
}
