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
/// (one per concurrent send) so a burst does not pay a TCP + EHLO handshake per email. A failure without a verdict after the
/// end of the message's data was written is a <see cref="SmtpMaybeSentException"/>, which nothing retries.
/// </summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, TimeProvider clock, SendingMetrics metrics) : IDisposable
{
    private readonly SmtpOptions _options = options.Value;
    private readonly ResiliencePipeline _pipeline = SmtpResilience.Build(options.Value, clock);
    private readonly ConcurrentBag<PooledSmtpClient> _idle = [];

    /// <summary>
    /// Sends the message; <paramref name="beforeDataEnd"/> runs on every attempt once the whole message is written and before the
    /// end of its data is, so what it records is durable before the server can have taken the message (it may throw to stop it).
    /// </summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken, Action? beforeDataEnd = null)
    {
        try
        {
            await _pipeline.ExecuteAsync(async ct => await SendOnceAsync(message, beforeDataEnd, ct), cancellationToken);
        }
        catch (Exception e) when (e is not SmtpMaybeSentException && !cancellationToken.IsCancellationRequested)
        {
            // Counted, not handled: the job backs off and runs again (a 5xx fails it for good).
            metrics.SmtpFailed(e is SmtpCommandException command && !SmtpResilience.IsTransient(command)
                ? SendingMetrics.Rejected
                : SendingMetrics.Unavailable);
            throw;
        }
    }

    private async Task SendOnceAsync(MimeMessage message, Action? beforeDataEnd, CancellationToken cancellationToken)
    {
        var client = RentIdle() ?? await ConnectAsync(cancellationToken);
        try
        {
            await SendOnAsync(client, message, beforeDataEnd, cancellationToken);
        }
        catch (Exception e) when (client.Reused && !client.SenderAccepted && IsDropped(e))
        {
            // The server closed the pooled connection (e.g. its idle timeout) before MAIL FROM, so it cannot have
            // accepted the message: send it once on a fresh connection instead of failing the pipeline's attempt.
            await SendOnAsync(await ConnectAsync(cancellationToken), message, beforeDataEnd, cancellationToken);
        }
    }

    private async Task SendOnAsync(PooledSmtpClient client, MimeMessage message, Action? beforeDataEnd, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendMessageAsync(message, beforeDataEnd, cancellationToken);
            client.LastUsed = clock.GetUtcNow();
            _idle.Add(client);
        }
        catch (Exception e)
        {
            client.Dispose(); // its connection state is unknown: never reuse it
            // A reply (4xx, 5xx) is a verdict: the server did not take the message. Anything else after the data may be a delivery.
            if (client.DataSent && e is not SmtpCommandException) throw new SmtpMaybeSentException(e);
            throw;
        }
    }

    /// <summary>A pooled client used within <see cref="SmtpOptions.IdleLifetime"/>; older ones the server may have dropped.</summary>
    private PooledSmtpClient? RentIdle()
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

    private async Task<PooledSmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = PooledSmtpClient.Create(_options);
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, SocketOptions(_options.Tls), cancellationToken);
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

    public static SecureSocketOptions SocketOptions(SmtpTls tls) => tls switch
    {
        SmtpTls.WhenOffered => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpTls.Required => SecureSocketOptions.StartTls,
        SmtpTls.Implicit => SecureSocketOptions.SslOnConnect,
        SmtpTls.Off => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(tls), tls, "Smtp:Tls is WhenOffered, Required, Implicit or Off"),
    };

    /// <summary>What a connection the server already closed fails with: its 421 "closing connection" reply, or the socket's end.</summary>
    private static bool IsDropped(Exception e) => e is SmtpProtocolException or IOException or ServiceNotConnectedException or SocketException
        || e is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    public void Dispose()
    {
        while (_idle.TryTake(out var client)) client.Dispose();
    }
}
