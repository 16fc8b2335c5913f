namespace Dunning.Notification;

/// <summary>The SMTP server emails are handed to (section <c>Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1025;

    /// <summary>TLS to the server: STARTTLS when the server offers it (default), required, implicit (port 465), or off.</summary>
    public SmtpTls Tls { get; set; } = SmtpTls.WhenOffered;

    /// <summary>Retired (replaced by <see cref="Tls"/>): set, the service refuses to start, so a deployment that required TLS
    /// with it does not silently get "when offered".</summary>
    public bool? UseTls { get; set; }

    public const string UseTlsRetired =
        "Smtp:UseTls is retired: set Smtp__Tls to WhenOffered (the default), Required, Implicit or Off, and remove Smtp__UseTls.";

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "billing@dunning.example";
    public string FromName { get; set; } = "Billing";

    /// <summary>Longest wait for one SMTP operation, except the reply to the end of a message's data (<see cref="DataTimeout"/>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest wait for the server's reply once the message's data has been sent: RFC 5321 §4.5.3.2.6 advises 10 minutes,
    /// since servers check a message (spam, viruses) before they answer. A reply that does not come in time leaves the email
    /// maybe sent, and it is not sent again (decision 003): a short wait here leaves unconfirmed what a slow relay delivers.
    /// </summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Bound on one whole attempt (the Polly pipeline's timeout): the reply to the data, plus <see cref="Timeout"/> for each
    /// short step before it (connect, greeting, EHLO, STARTTLS, AUTH, envelope), so it never cuts the data's wait shorter.
    /// </summary>
    public TimeSpan AttemptTimeout => DataTimeout + Timeout * 6;

    /// <summary>
    /// Longest a pooled connection may sit unused before it is closed instead of reused: below the server's idle timeout
    /// (maildev/smtp-server 60 s, Postfix 300 s), which drops it unnoticed.
    /// </summary>
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quick retries of one send on transient SMTP/socket errors; after that the due job backs off.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public double BreakerFailureRatio { get; set; } = 0.5;
    public int BreakerMinimumThroughput { get; set; } = 10;
    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
