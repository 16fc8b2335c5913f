using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dunning.SlowSmtp;

/// <summary>
/// A TCP proxy in front of a real SMTP server that can make the server look slow or broken at the one moment that matters
/// for duplicates: after the client has sent a whole message (the line holding only "."), it holds or swallows the server's
/// reply (<see cref="Reply"/>). The message itself reaches the server at once, as it would on a slow relay. It can also cut
/// connections at their DATA command, before any data: a failure after which the server surely has no message.
/// Plain SMTP only (it reads the client's bytes).
/// </summary>
public sealed class SlowSmtpProxy(string upstreamHost, int upstreamPort) : IDisposable
{
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private int _connections, _closedConnections, _dataEnds, _heldReplies, _droppedReplies, _cutsAtData, _refusals;

    public int Port { get; private set; }

    public ReplyToDataEnd Reply { get; set; } = ReplyToDataEnd.Forward;

    /// <summary>How long a <see cref="ReplyToDataEnd.Late"/> reply is held.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections ended, each after every byte its client sent was read (and counted in <see cref="DataEnds"/>).</summary>
    public int ClosedConnections => Volatile.Read(ref _closedConnections);

    /// <summary>Whole messages the client sent (ends of data seen).</summary>
    public int DataEnds => Volatile.Read(ref _dataEnds);

    public int HeldReplies => Volatile.Read(ref _heldReplies);

    public int DroppedReplies => Volatile.Read(ref _droppedReplies);

    /// <summary>Cuts at DATA still to come (<see cref="CutAtDataCommand"/>).</summary>
    public int CutsAtDataLeft => Volatile.Read(ref _cutsAtData);

    /// <summary>Cuts the next <paramref name="connections"/> connections that send DATA, before the command reaches the server.</summary>
    public void CutAtDataCommand(int connections) => Volatile.Write(ref _cutsAtData, connections);

    /// <summary>
    /// Answers the next <paramref name="messages"/> whole messages with <see cref="ReplyToDataEnd.TryAgainLater"/>, whatever
    /// <see cref="Reply"/> says.
    /// </summary>
    public void RefuseMessages(int messages) => Volatile.Write(ref _refusals, messages);

    public void Start(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var connection in _open) connection.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception) { return; } // stopped
            Interlocked.Increment(ref _connections);
            _ = ProxyAsync(client);
        }
    }

    private async Task ProxyAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (_open) { _open.Add(client); _open.Add(upstream); }
        try
        {
            await upstream.ConnectAsync(upstreamHost, upstreamPort);
            var session = new Session();
            await Task.WhenAny(Quietly(ClientToServerAsync(client, upstream, session)), Quietly(ServerToClientAsync(upstream, client, session)));
        }
        catch (Exception) { /* either side closed */ }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            lock (_open) { _open.Remove(client); _open.Remove(upstream); }
            Interlocked.Increment(ref _closedConnections);
        }
    }

    private async Task ClientToServerAsync(TcpClient client, TcpClient upstream, Session session)
    {
        var buffer = new byte[16 * 1024];
        var from = client.GetStream();
        var to = upstream.GetStream();
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                switch (session.Read(buffer[i]))
                {
                    case Session.Event.DataCommand when Take(ref _cutsAtData):
                        return; // the DATA command never reaches the server
                    case Session.Event.DataEnd:
                        Interlocked.Increment(ref _dataEnds);
                        // set before the end reaches the server, so its reply is caught
                        session.PendingReply = Take(ref _refusals) ? ReplyToDataEnd.TryAgainLater : Reply;
                        break;
                }
            }
            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    private async Task ServerToClientAsync(TcpClient upstream, TcpClient client, Session session)
    {
        var buffer = new byte[16 * 1024];
        var from = upstream.GetStream();
        var to = client.GetStream();
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            var reply = session.PendingReply;
            session.PendingReply = ReplyToDataEnd.Forward;
            if (reply == ReplyToDataEnd.Drop)
            {
                Interlocked.Increment(ref _droppedReplies);
                return;
            }
            if (reply == ReplyToDataEnd.TryAgainLater)
            {
                await to.WriteAsync("451 4.3.0 Try again later (SlowSmtpProxy)\r\n"u8.ToArray());
                continue;
            }
            if (reply == ReplyToDataEnd.Late)
            {
                Interlocked.Increment(ref _heldReplies);
                await Task.Delay(Delay);
            }
            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    /// <summary>A pump ends when either side closes; the other one then fails on its closed socket, which is no news.</summary>
    private static async Task Quietly(Task pump)
    {
        try { await pump; }
        catch (Exception) { /* closed */ }
    }

    /// <summary>Takes one from a countdown (cuts at DATA, refusals); false when it is at 0.</summary>
    private static bool Take(ref int countdown)
    {
        while (Volatile.Read(ref countdown) is var left and > 0)
            if (Interlocked.CompareExchange(ref countdown, left - 1, left) == left) return true;
        return false;
    }

    public void Dispose() => Stop();

    /// <summary>The client's side of one SMTP session, read a byte at a time: its command lines and the end of its data.</summary>
    private sealed class Session
    {
        public enum Event { None, DataCommand, DataEnd }

        private static readonly byte[] DataEndBytes = "\r\n.\r\n"u8.ToArray();
        private readonly StringBuilder _line = new();
        private readonly byte[] _last = new byte[5];
        private bool _inData;

        public volatile ReplyToDataEnd PendingReply;

        public Event Read(byte b)
        {
            Array.Copy(_last, 1, _last, 0, _last.Length - 1);
            _last[^1] = b;
            if (_inData)
            {
                if (!_last.AsSpan().SequenceEqual(DataEndBytes)) return Event.None;
                _inData = false; // the data is dot-stuffed: a lone "." line can only be its end
                return Event.DataEnd;
            }
            if (b != '\n')
            {
                if (_line.Length < 1024) _line.Append((char)b);
                return Event.None;
            }
            var command = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (!command.Equals("DATA", StringComparison.OrdinalIgnoreCase)) return Event.None;
            _inData = true;
            return Event.DataCommand;
        }
    }
}
