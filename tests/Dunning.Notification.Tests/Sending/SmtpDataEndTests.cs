using Dunning.Notification.Sending;
using Dunning.Notification.Tests.Support;
using Dunning.SlowSmtp;
using Dunning.Testing;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dunning.Notification.Tests.Sending;

/// <summary>
/// <see cref="SmtpSender"/> around the end of a message's data, against the real SMTP server behind a slow proxy: the wait for
/// the verdict is <c>DataTimeout</c>, not the short <c>Timeout</c>; no verdict after the data is maybe sent, never retried;
/// a failure before the data is retried.
/// </summary>
[Collection(InProcessSmtpSenders.Name)]
public sealed class SmtpDataEndTests : IDisposable
{
    private readonly SlowSmtpProxy _smtp = new(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);

    public SmtpDataEndTests() => _smtp.Start();

    [Fact]
    public async Task A_verdict_later_than_Timeout_is_waited_for_up_to_DataTimeout()
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(30));
        _smtp.Reply = ReplyToDataEnd.Late;
        _smtp.Delay = TimeSpan.FromSeconds(3); // three times the short timeout, which also bounded the whole attempt

        await sender.SendAsync(Message(out var recipient), CancellationToken.None);

        Assert.Single(await Maildev.WaitForAsync(recipient, 1));
        Assert.Equal((1, 1, 1), (_smtp.Connections, _smtp.DataEnds, _smtp.HeldReplies));
    }

    [Theory]
    [InlineData(ReplyToDataEnd.Late)]
    [InlineData(ReplyToDataEnd.Drop)]
    public async Task No_verdict_after_the_data_is_maybe_sent_and_not_sent_again(ReplyToDataEnd reply)
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(1));
        _smtp.Reply = reply;
        _smtp.Delay = TimeSpan.FromSeconds(3);

        var message = Message(out var recipient);

        await Assert.ThrowsAsync<SmtpMaybeSentException>(() => sender.SendAsync(message, CancellationToken.None));

        Assert.Single(await Maildev.WaitForAsync(recipient, 1));
        Assert.Equal((1, 1), (_smtp.Connections, _smtp.DataEnds)); // no retry: the quick retries would have sent it again
    }

    [Fact]
    public async Task A_connection_cut_before_the_data_is_retried_and_delivered_once()
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(1));
        _smtp.CutAtDataCommand(1);

        await sender.SendAsync(Message(out var recipient), CancellationToken.None);

        Assert.Single(await Maildev.WaitForAsync(recipient, 1));
        Assert.Equal((2, 1, 0), (_smtp.Connections, _smtp.DataEnds, _smtp.CutsAtDataLeft));
    }

    [Fact]
    public async Task What_must_precede_the_end_of_the_data_runs_once_and_the_message_goes_out()
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(1));
        var runs = 0;

        await sender.SendAsync(Message(out var recipient), CancellationToken.None, () => runs++);

        Assert.Single(await Maildev.WaitForAsync(recipient, 1));
        Assert.Equal((1, 1), (runs, _smtp.DataEnds));
    }

    [Fact]
    public async Task What_must_precede_the_end_of_the_data_runs_before_it_is_written_so_its_failure_keeps_the_message_from_the_server()
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(1));
        var refused = new InvalidOperationException("the hand-off mark could not be written");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => sender.SendAsync(Message(out _), CancellationToken.None, () => throw refused));

        Assert.Same(refused, thrown); // not retried: the job's next run tries again
        // The proxy counts a connection closed only after reading every byte its client sent: a "." written before the
        // failure would be counted in DataEnds by then.
        await Eventually.HoldsAsync(() => _smtp.Connections == 1 && _smtp.ClosedConnections == 1, TimeSpan.FromSeconds(10),
            "the client closed its connection after the failure");
        Assert.Equal(0, _smtp.DataEnds);
    }

    [Fact]
    public async Task Tls_Required_sends_nothing_to_a_server_that_offers_no_STARTTLS()
    {
        using var sender = Sender(dataTimeout: TimeSpan.FromSeconds(1), tls: SmtpTls.Required);

        await Assert.ThrowsAsync<NotSupportedException>(() => sender.SendAsync(Message(out _), CancellationToken.None));

        Assert.Equal(0, _smtp.DataEnds);
    }

    [Fact]
    public void Tls_is_used_by_default_where_the_server_offers_it()
    {
        Assert.Equal(SmtpTls.WhenOffered, new SmtpOptions().Tls);
        Assert.Equal(SecureSocketOptions.StartTlsWhenAvailable, SmtpSender.SocketOptions(SmtpTls.WhenOffered));
        Assert.Equal(SecureSocketOptions.StartTls, SmtpSender.SocketOptions(SmtpTls.Required));
        Assert.Equal(SecureSocketOptions.SslOnConnect, SmtpSender.SocketOptions(SmtpTls.Implicit));
        Assert.Equal(SecureSocketOptions.None, SmtpSender.SocketOptions(SmtpTls.Off));
    }

    private SmtpSender Sender(TimeSpan dataTimeout, SmtpTls tls = SmtpTls.WhenOffered) => new(Options.Create(new SmtpOptions
    {
        Host = "127.0.0.1",
        Port = _smtp.Port,
        Tls = tls,
        Timeout = TimeSpan.FromSeconds(1),
        DataTimeout = dataTimeout,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    }), TimeProvider.System, new SendingMetrics());

    private static MimeMessage Message(out string recipient)
    {
        recipient = $"data-end-{Guid.NewGuid():N}@example.test";
        var message = new MimeMessage { Subject = "data end test", Body = new TextPart("plain") { Text = "hello" } };
        message.From.Add(new MailboxAddress("Billing", "billing@dunning.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        return message;
    }

    public void Dispose() => _smtp.Dispose();
}
