namespace Dunning.Notification;

/// <summary>The SMTP server emails are handed to (section <c>Smtp</c>).</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1025;
    public bool UseTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "billing@dunning.example";
    public string FromName { get; set; } = "Billing";

    /// <summary>Longest wait for one SMTP operation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

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
