namespace Dunning.Notification.Domain;

/// <summary>Whom an unsubscribe link speaks for: the address (trimmed, lower-cased: the suppression key) and the email's language.</summary>
public sealed record UnsubscribeRecipient
{
    private UnsubscribeRecipient(string email, string locale) => (Email, Locale) = (email, locale);

    public string Email { get; }

    public string Locale { get; }

    public static UnsubscribeRecipient For(string email, string? locale) => new(email.Trim().ToLowerInvariant(), Locales.Normalize(locale));
}
