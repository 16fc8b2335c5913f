namespace Dunning.Notification.Sending;

/// <summary>
/// The whole message reached the SMTP server (the end of its data was written) but no verdict came back: the reply was
/// late, the connection broke, or the send was cancelled. The server may have taken it, so it must not be sent again.
/// </summary>
public sealed class SmtpMaybeSentException(Exception cause)
    : Exception($"The SMTP server got the whole message but gave no reply to it ({cause.GetType().Name}: {cause.Message}); it may have been sent", cause);
