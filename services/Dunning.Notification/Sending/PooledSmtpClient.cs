using MailKit.Net.Smtp;
using MimeKit;

namespace Dunning.Notification.Sending;

/// <summary>
/// A MailKit client with what <see cref="SmtpSender"/> needs to know: when it was last used, whether it came from the pool,
/// whether the server accepted the current message's sender (MAIL FROM; before that, no message can have been accepted), and
/// whether the end of the message's data has been written (after that, the message may have been accepted). Its operations
/// wait <see cref="SmtpOptions.Timeout"/>, and the reply to the end of the data <see cref="SmtpOptions.DataTimeout"/>.
/// </summary>
public sealed class PooledSmtpClient : SmtpClient
{
    private readonly int _timeout;
    private readonly int _dataTimeout;

    private PooledSmtpClient(DataEndDetector detector, SmtpOptions options) : base(detector)
    {
        _timeout = Milliseconds(options.Timeout);
        _dataTimeout = Milliseconds(options.DataTimeout);
        Timeout = _timeout;
        detector.DataEnded = OnDataEnded;
    }

    public static PooledSmtpClient Create(SmtpOptions options) => new(new DataEndDetector(), options);

    public DateTimeOffset LastUsed { get; set; }
    public bool Reused { get; set; }
    public bool SenderAccepted { get; private set; }
    public bool DataSent { get; private set; }

    /// <summary>Sends; <paramref name="beforeDataEnd"/> runs once the whole message is written, before the end of its data is.</summary>
    public async Task SendMessageAsync(MimeMessage message, Action? beforeDataEnd, CancellationToken cancellationToken)
    {
        SenderAccepted = false;
        DataSent = false;
        Timeout = _timeout;
        await SendAsync(message, cancellationToken, beforeDataEnd is null ? null : new DataEndingProgress(beforeDataEnd));
    }

    protected override void OnSenderAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        SenderAccepted = true;
        base.OnSenderAccepted(message, mailbox, response);
    }

    /// <summary>Runs inside MailKit's write of the data's end, before it reads the reply: the read then waits the long timeout.</summary>
    private void OnDataEnded()
    {
        DataSent = true;
        Timeout = _dataTimeout;
    }

    private static int Milliseconds(TimeSpan wait) => (int)Math.Min(int.MaxValue, wait.TotalMilliseconds);
}
