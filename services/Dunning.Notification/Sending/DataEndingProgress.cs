using MailKit;

namespace Dunning.Notification.Sending;

/// <summary>
/// Runs an action once the whole message has been written and before the end of its data (the lone ".") is: MailKit reports the
/// progress of the message's bytes as it writes them, and writes the end only after the last of them. The count includes the
/// dot-stuffing, so it reaches the message's measured size at its last bytes or a little earlier, never after.
/// </summary>
public sealed class DataEndingProgress(Action beforeDataEnd) : ITransferProgress
{
    private bool _ran;

    public void Report(long bytesTransferred, long totalSize)
    {
        if (_ran || bytesTransferred < totalSize) return;
        _ran = true;
        beforeDataEnd();
    }

    /// <summary>Without a size MailKit cannot say when the data ends; it always measures the message when given a progress.</summary>
    public void Report(long bytesTransferred)
    {
    }
}
