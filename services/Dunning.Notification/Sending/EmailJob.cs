namespace Dunning.Notification.Sending;

/// <summary>Payload of a due job that sends one email; <paramref name="AttemptAt"/> is the final attempt's time (final notice only).</summary>
public sealed record EmailJob(string InvoiceId, string Step, DateTimeOffset? AttemptAt = null)
{
    public const string Kind = "email";

    public string Key => KeyFor(InvoiceId, Step);

    public static string KeyFor(string invoiceId, string step) => $"{KeyPrefix(invoiceId)}{step}";

    /// <summary>Prefix of every email job of an invoice, for cancelling them all.</summary>
    public static string KeyPrefix(string invoiceId) => $"email:{invoiceId}:";
}
