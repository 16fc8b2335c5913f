using System.Diagnostics.Metrics;
using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dunning.Notification.Tests.Sending;

/// <summary>
/// A send that fails after the pipeline's retries is counted (<c>dunning_notification_smtp_failures_total</c>, alert
/// DunningSmtpFailing); a send that succeeds is not. A real socket: a port nothing listens on, and the real SMTP server.
/// </summary>
[Collection(InProcessSmtpSenders.Name)]
public sealed class SmtpFailureMetricsTests
{
    [Fact]
    public async Task A_send_to_an_smtp_server_that_does_not_answer_is_counted_as_unavailable()
    {
        using var failures = new SmtpFailures();
        using var sender = Sender(ServiceProcess.FreePort());

        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendAsync(Message(), CancellationToken.None));

        Assert.Equal([SendingMetrics.Unavailable], failures.Reasons);
    }

    [Fact]
    public async Task A_delivered_send_is_not_counted()
    {
        using var failures = new SmtpFailures();
        using var sender = Sender(TestEnvironment.SmtpPort);

        await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Empty(failures.Reasons);
    }

    private static SmtpSender Sender(int port) => new(Options.Create(new SmtpOptions
    {
        Host = TestEnvironment.SmtpHost,
        Port = port,
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    }), TimeProvider.System, new SendingMetrics());

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "failure metrics test", Body = new TextPart("plain") { Text = "hello" } };
        message.From.Add(new MailboxAddress("Billing", "billing@dunning.example"));
        message.To.Add(MailboxAddress.Parse($"smtp-failures-{Guid.NewGuid():N}@example.test"));
        return message;
    }

    /// <summary>The reasons counted on the SMTP failure counter while it lives (this process's senders).</summary>
    private sealed class SmtpFailures : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _reasons = [];

        public SmtpFailures()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == SendingMetrics.SmtpFailuresInstrument) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "reason") lock (_reasons) _reasons.Add((string)tag.Value!);
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Reasons { get { lock (_reasons) return [.. _reasons]; } }

        public void Dispose() => _listener.Dispose();
    }
}
