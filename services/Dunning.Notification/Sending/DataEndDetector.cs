using MailKit;

namespace Dunning.Notification.Sending;

/// <summary>
/// Tells when the client has written the end of a message's data (the line holding only "."), the moment after which the
/// server may have taken the message. MailKit has no hook for it, but it hands every byte it writes to its protocol logger,
/// after the write: this one watches the end of each write for CRLF "." CRLF. The data is dot-stuffed (a body line starting
/// with "." goes out as ".."), and no command is a lone ".", so nothing else in the session ends that way.
/// </summary>
public sealed class DataEndDetector : IProtocolLogger
{
    private static readonly byte[] DataEnd = "\r\n.\r\n"u8.ToArray();
    private readonly byte[] _last = new byte[DataEnd.Length];
    private int _lastCount;

    /// <summary>Called once the end of a message's data has been written.</summary>
    public Action? DataEnded { get; set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        Remember(buffer.AsSpan(offset, count));
        if (_lastCount == DataEnd.Length && _last.AsSpan().SequenceEqual(DataEnd))
            DataEnded?.Invoke();
    }

    /// <summary>Keeps the last five bytes written, across writes (the body's final CRLF and the "." CRLF may come apart).</summary>
    private void Remember(ReadOnlySpan<byte> written)
    {
        if (written.Length >= _last.Length)
        {
            written[^_last.Length..].CopyTo(_last);
            _lastCount = _last.Length;
            return;
        }
        var keep = Math.Min(_lastCount, _last.Length - written.Length);
        _last.AsSpan(_lastCount - keep, keep).CopyTo(_last);
        written.CopyTo(_last.AsSpan(keep));
        _lastCount = keep + written.Length;
    }

    public void LogConnect(Uri uri) => _lastCount = 0;

    public void LogServer(byte[] buffer, int offset, int count)
    {
    }

    public void Dispose()
    {
    }
}
