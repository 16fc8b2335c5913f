namespace Dunning.Contracts;

/// <summary>
/// A customer's preferred languages as Stripe holds them (<c>customer.created</c>, or <c>customer.updated</c> that changed
/// <c>preferred_locales</c>); an empty list means no preference. Lets emails be written in the customer's language without a
/// Stripe call per email.
/// </summary>
public record CustomerLocalesChanged(
    string SourceEventId,
    string CustomerId,
    IReadOnlyList<string> PreferredLocales,
    DateTimeOffset OccurredAt) : IDunningMessage;
