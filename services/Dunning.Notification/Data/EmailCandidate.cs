using Dunning.Notification.Domain;

namespace Dunning.Notification.Data;

/// <summary>
/// What an email job needs to decide whether to send: the case, whether its address is suppressed, whether the step went out
/// already, and the customer's preferred locales when Stripe's customer events told them (null: not known here).
/// </summary>
public sealed record EmailCandidate(NotificationCase? Case, bool Suppressed, bool AlreadySent, IReadOnlyList<string>? CustomerLocales);
