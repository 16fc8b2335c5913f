using Dunning.Notification.Domain;

namespace Dunning.Notification.Sending;

/// <summary>
/// Payload of a due job that sends one email; <paramref name="AttemptAt"/> is the final attempt's time and
/// <paramref name="CancelsSubscription"/> whether its failure cancels the subscription (final notice only).
/// </summary>
public sealed record EmailJob(string InvoiceId, string Step, DateTimeOffset? AttemptAt = null, bool CancelsSubscription = false)
{
    public const string Kind = "email";

    public string Key => KeyFor(InvoiceId, Step);

    public static string KeyFor(string invoiceId, string step) => $"email:{invoiceId}:{step}";

    /// <summary>The key of every email job an invoice can have (every step), for cancelling them all.</summary>
    public static string[] KeysOf(string invoiceId) => EmailSteps.All.Select(step => KeyFor(invoiceId, step)).ToArray();
}
