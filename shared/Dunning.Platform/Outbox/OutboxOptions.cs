namespace Dunning.Platform.Outbox;

/// <summary>Settings of the outbox relay (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Rows claimed and published per relay round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the relay sleeps when it found nothing to publish, unless a commit of this process that added a message
    /// wakes it (<see cref="OutboxWriter.Add"/>, once its unit of work commits): the poll is only for rows another process committed and never
    /// relayed (it died); shorter polls cost empty claims (ADR 009).</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for RabbitMQ's publisher confirm before the batch is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
