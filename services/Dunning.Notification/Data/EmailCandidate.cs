using Dunning.Notification.Domain;

namespace Dunning.Notification.Data;

/// <summary>
/// What an email job needs to decide whether to send: the case, whether its address is suppressed, whether the step went out
/// already, the customer's preferred locales when Stripe's customer events told them (null: not known here), and the time
/// of the case's Stripe test clock as Stripe last told it (null: the case runs on wall time).
/// </summary>
public sealed record EmailCandidate(NotificationCase? Case, bool Suppressed, bool AlreadySent, IReadOnlyList<string>? CustomerLocales,
    DateTimeOffset? ClockTime)
{
    /// <summary>"Now" in the case's own time: its test clock's, else the wall's.</summary>
    public DateTimeOffset CaseNow(DateTimeOffset wallNow) => ClockTime ?? wallNow;
}
