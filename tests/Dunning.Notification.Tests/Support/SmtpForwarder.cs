using System.Net;
using System.Net.Sockets;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// A TCP forwarder to the real SMTP server that a test can stop (connections refused and cut) and start again on the same port,
/// or whose open connections it can cut while it keeps accepting new ones (as a server's idle timeout does).
/// </summary>
public sealed class SmtpForwarder(string targetHost, int targetPort) : IDisposable
{
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private int _accepted;

    public int Port { get; } = Dunning.Testing.ServiceProcess.FreePort();

    /// <summary>Connections accepted since the forwarder was created.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
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
        catch (Exception) { /* either side closed */ }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    public void Dispose() => Stop();
}
