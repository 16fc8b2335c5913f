using System.Collections.Concurrent;
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
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct => await SendOnceAsync(message, ct), cancellationToken);

    private async Task SendOnceAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = await RentAsync(cancellationToken);
        try
        {
            await client.SendAsync(message, cancellationToken);
            _idle.Add(client);
        }
        catch
        {
            client.Dispose(); // its connection state is unknown: never reuse it
            throw;
        }
    }

    private async Task<SmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.IsConnected) return idle;
            idle.Dispose();
        }
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
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

    public void Dispose()
    {
        while (_idle.TryTake(out var client)) client.Dispose();
    }
}
