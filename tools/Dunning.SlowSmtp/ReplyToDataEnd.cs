namespace Dunning.SlowSmtp;

/// <summary>What the proxy does with the server's reply to the end of a message's data (its verdict on the message).</summary>
public enum ReplyToDataEnd
{
    /// <summary>Passes it on at once.</summary>
    Forward,

    /// <summary>Holds it for <see cref="SlowSmtpProxy.Delay"/>, then passes it on (if the client still listens).</summary>
    Late,

    /// <summary>Swallows it and closes the client's connection: the server took the message, the client never hears so.</summary>
    Drop,

    /// <summary>
    /// Replaces it with <c>451 4.3.0</c>: a verdict telling the client to try again later, although the server took the message
    /// (so each try lands once more). For tests of what a client does with a late refusal.
    /// </summary>
    TryAgainLater,
}
