using System.Net;
using System.Net.Sockets;

namespace Dunning.Testing;

/// <summary>
/// Forwards a local port to a shared server (RabbitMQ, PostgreSQL, the SMTP server), so a test can take it away from one
/// service (stop: listener and every connection closed; before the first start: connections refused), give it back (start
/// again on the same port), or cut the open connections while new ones are still accepted (as a server's idle timeout does),
/// without touching the shared server.
/// </summary>
public sealed class TcpForwarder(int port, string targetHost, int targetPort) : IDisposable
{
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private int _accepted;

    public int Port => port;

    /// <summary>Connections accepted since the forwarder was created.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        CutConnections();
    }

    /// <summary>Closes every open connection, both sides, without a word to either; new connections are still accepted.</summary>
    public void CutConnections()
    {
        lock (_connections)
        {
            foreach (var connection in _connections) connection.Dispose();
            _connections.Clear();
        }
    }

    public void Dispose() => Stop();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception) { return; } // stopped
            Interlocked.Increment(ref _accepted);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (_connections) { _connections.Add(client); _connections.Add(upstream); }
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort);
            await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream()), upstream.GetStream().CopyToAsync(client.GetStream()));
        }
        catch (Exception) { /* a side closed or the forwarder stopped: drop both connections */ }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            lock (_connections) { _connections.Remove(client); _connections.Remove(upstream); }
        }
    }
}
