namespace Dunning.Notification.Content;

/// <summary>The values a template sees (all already formatted for the locale).</summary>
/// <param name="Decline"><c>soft</c>, <c>hard</c> or <c>expired_card</c> (first-failure wording).</param>
/// <param name="CancelsSubscription">The final attempt's failure cancels the subscription (final-notice wording).</param>
public sealed record EmailModel(string Amount, string Link, string UnsubscribeUrl, string Decline, string? AttemptDate, bool CancelsSubscription = false);
