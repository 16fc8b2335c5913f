namespace Dunning.Notification.Content;

/// <summary>A rendered email, ready to be put into a MIME message.</summary>
public sealed record RenderedEmail(string Locale, string Subject, string Text, string Html);
