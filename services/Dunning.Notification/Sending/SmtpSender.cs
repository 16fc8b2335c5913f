using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;

namespace Dunning.Notification.Sending;

/// <summary>
/// Hands messages to the SMTP server through <see cref="SmtpResilience"/>, reusing connected MailKit clients
/// (one per concurrent send) so a burst does not pay a TCP + EHLO handshake per email.
/// </summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SmtpOptions _options = options.Value;
    private readonly ResiliencePipeline _pipeline = SmtpResilience.Build(options.Value, clock);
    private readonly ConcurrentBag<PooledClient> _idle = [];

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct => await SendOnceAsync(message, ct), cancellationToken);

    private async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = RentIdle() ?? await ConnectAsync(cancellationToken);
        try
        {
            await SendOnAsync(client, message, cancellationToken);
        }
        catch (Exception e) when (client.Reused && !client.SenderAccepted && IsDropped(e))
        {
            // The server closed the pooled connection (e.g. its idle timeout) before MAIL FROM, so it cannot have
            // accepted the message: send it once on a fresh connection instead of failing the pipeline's attempt.
            await SendOnAsync(await ConnectAsync(cancellationToken), message, cancellationToken);
        }
    }

    private async Task SendOnAsync(PooledClient client, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            client.SenderAccepted = false;
            await client.SendAsync(message, cancellationToken);
            client.LastUsed = clock.GetUtcNow();
            _idle.Add(client);
        }
        catch
        {
            client.Dispose(); // its connection state is unknown: never reuse it
            throw;
        }
    }

    /// <summary>A pooled client used within <see cref="SmtpOptions.IdleLifetime"/>; older ones the server may have dropped.</summary>
    private PooledClient? RentIdle()
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsConnected && clock.GetUtcNow() - idle.LastUsed <= _options.IdleLifetime)
            {
                idle.Reused = true;
                return idle;
            }
            idle.Dispose();
        }
        return null;
    }

    private async Task<PooledClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new PooledClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, _options.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(_options.Username))
                await client.AuthenticateAsync(_options.Username, _options.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What a connection the server already closed fails with: its 421 "closing connection" reply, or the socket's end.</summary>
    private static bool IsDropped(Exception e) => e is SmtpProtocolException or IOException or ServiceNotConnectedException or SocketException
        || e is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    public void Dispose()
    {
        while (_idle.TryTake(out var client)) client.Dispose();
    }

    /// <summary>A MailKit client with what the pool needs to know: when it was last used, whether it came from the pool,
    /// and whether the server accepted the current message's sender (MAIL FROM) — before that, no message can have been accepted.</summary>
    private sealed class PooledClient : SmtpClient
    {
        public DateTimeOffset LastUsed { get; set; }
        public bool Reused { get; set; }
        public bool SenderAccepted { get; set; }

        protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            SenderAccepted = true;
            base.OnSenderAccepted(message, mailbox, response);
        }
    }
}
