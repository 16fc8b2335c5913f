using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Dunning.Notification.Tests.Sending;

/// <summary>The pool of SMTP connections in <see cref="SmtpSender"/>, against the real SMTP server behind a forwarder that can cut connections.</summary>
[Collection(InProcessSmtpSenders.Name)]
public sealed class SmtpPoolTests : IDisposable
{
    private readonly TcpForwarder _smtp = new(ServiceProcess.FreePort(), TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);

    public SmtpPoolTests() => _smtp.Start();

    [Fact]
    public async Task A_pooled_connection_the_server_dropped_does_not_fail_the_next_send()
    {
        // A breaker that opens on the first failed attempt (after one success): had the dropped connection failed an attempt,
        // the pipeline's retry would meet the open circuit and the caller a BrokenCircuitException, as in the load drill.
        using var sender = Sender(TimeProvider.System, breakerMinimumThroughput: 2, breakerFailureRatio: 0.01);
        await sender.SendAsync(Message(out var first), CancellationToken.None);
        await Maildev.WaitForAsync(first, 1);

        _smtp.CutConnections(); // what the server's idle timeout does to the pooled connection
        await sender.SendAsync(Message(out var second), CancellationToken.None);

        Assert.Single(await Maildev.WaitForAsync(second, 1));
        Assert.Equal(2, _smtp.Accepted); // the dropped connection was replaced by a fresh one
        Assert.Single(await Maildev.ForAsync(first));
    }

    [Fact]
    public async Task A_connection_idle_longer_than_IdleLifetime_is_not_reused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var sender = Sender(clock);
        await sender.SendAsync(Message(out var first), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        await sender.SendAsync(Message(out var second), CancellationToken.None);
        Assert.Equal(1, _smtp.Accepted); // idle for exactly IdleLifetime: reused

        clock.Advance(TimeSpan.FromSeconds(31));
        await sender.SendAsync(Message(out var third), CancellationToken.None);

        Assert.Equal(2, _smtp.Accepted);
        foreach (var recipient in new[] { first, second, third }) Assert.Single(await Maildev.WaitForAsync(recipient, 1));
    }

    private SmtpSender Sender(TimeProvider clock, int breakerMinimumThroughput = 10, double breakerFailureRatio = 0.5) => new(Options.Create(new SmtpOptions
    {
        Host = "127.0.0.1",
        Port = _smtp.Port,
        IdleLifetime = TimeSpan.FromSeconds(30),
        BreakerMinimumThroughput = breakerMinimumThroughput,
        BreakerFailureRatio = breakerFailureRatio,
    }), clock, new SendingMetrics());

    private static MimeMessage Message(out string recipient)
    {
        recipient = $"pool-{Guid.NewGuid():N}@example.test";
        var message = new MimeMessage { Subject = "pool test", Body = new TextPart("plain") { Text = "hello" } };
        message.From.Add(new MailboxAddress("Billing", "billing@dunning.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        return message;
    }

    public void Dispose() => _smtp.Dispose();
}
