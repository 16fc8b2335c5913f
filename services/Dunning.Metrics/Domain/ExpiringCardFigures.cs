namespace Dunning.Metrics.Domain;

/// <summary>
/// Pre-dunning in a report's days: expiring-card reminders sent, and failures prevented (at the renewal a reminder warned of,
/// the card no longer expired before it). Counts in every currency; a failure prevented is dated by its renewal, so it may
/// fall in another range than its reminder.
/// </summary>
public sealed record ExpiringCardFigures(long RemindersSent, long FailuresPrevented);
