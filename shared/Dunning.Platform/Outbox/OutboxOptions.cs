namespace Dunning.Platform.Outbox;

/// <summary>Settings of the outbox relay (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Rows claimed and published per relay round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the relay sleeps when it found nothing to publish.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait for RabbitMQ's publisher confirm before the batch is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent rows older than this are deleted.</summary>
    public TimeSpan KeepSentFor { get; set; } = TimeSpan.FromDays(7);
}
