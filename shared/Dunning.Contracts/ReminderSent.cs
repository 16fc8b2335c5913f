namespace Dunning.Contracts;

/// <summary>The notification service sent an email for a dunning case.</summary>
/// <param name="Step">The cadence step: first_failure, reminder_day3, reminder_day7, final_notice, action_required, recovered, win_back.</param>
/// <param name="SentAt">When it was sent in the case's own time: its Stripe test clock's if it runs on one, else wall time.</param>
public record ReminderSent(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string Step,
    string Locale,
    DateTimeOffset SentAt) : IDunningMessage;
