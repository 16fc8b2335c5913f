using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dunning.Notification.Bench;

/// <summary>
/// A TCP proxy in front of the real SMTP server that notes, per recipient, the moment the server answered 250 to the
/// end of DATA — "accepted by the SMTP server" — on the bench's stopwatch.
/// </summary>
public sealed class SmtpTimingProxy(int targetPort, Stopwatch clock)
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ConcurrentDictionary<string, double> AcceptedAtMs { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (true) _ = HandleAsync(await _listener.AcceptTcpClientAsync());
        });
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, targetPort);
        var session = new Session();
        await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream(), session.FromClient),
                           PumpAsync(upstream.GetStream(), client.GetStream(), line => session.FromServer(line, this)));
        client.Dispose();
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Action<string> onLine)
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
            var text = pending.ToString();
            var lastBreak = text.LastIndexOf("\r\n", StringComparison.Ordinal);
            if (lastBreak >= 0)
            {
                foreach (var line in text[..lastBreak].Split("\r\n")) onLine(line);
                pending.Clear().Append(text[(lastBreak + 2)..]);
            }
            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    private sealed class Session
    {
        private readonly Queue<string> _recipients = new();
        private string? _recipient;
        private bool _inData, _awaitingAck;

        public void FromClient(string line)
        {
            lock (this)
            {
                if (_inData) { if (line == ".") { _inData = false; _awaitingAck = true; } return; }
                if (line.StartsWith("RCPT TO:", StringComparison.OrdinalIgnoreCase)) _recipient = line[8..].Trim().Trim('<', '>');
                if (line.Equals("DATA", StringComparison.OrdinalIgnoreCase)) { _inData = true; if (_recipient is not null) _recipients.Enqueue(_recipient); }
            }
        }

        public void FromServer(string line, SmtpTimingProxy proxy)
        {
            lock (this)
            {
                if (_awaitingAck && line.StartsWith("250", StringComparison.Ordinal) && _recipients.TryDequeue(out var recipient))
                {
                    _awaitingAck = false;
                    proxy.AcceptedAtMs.TryAdd(recipient, proxy._clock.Elapsed.TotalMilliseconds);
                }
            }
        }
    }

    private readonly Stopwatch _clock = clock;
}
