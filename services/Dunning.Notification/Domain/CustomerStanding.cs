namespace Dunning.Notification.Domain;

/// <summary>One open dunning case of a customer, as the standing answer shows it.</summary>
/// <param name="GraceUntil">When the case's grace period ends (the scheduler's window); null until the scheduler planned it.</param>
/// <param name="PayUrl">Stripe's hosted invoice page, where the customer pays or changes the card.</param>
public sealed record OpenInvoice(string InvoiceId, long AmountMinor, string Currency, DateTimeOffset Since, DateTimeOffset? GraceUntil,
    string? PayUrl);

/// <summary>An amount due in one currency (a customer's open invoices are never added up across currencies).</summary>
public sealed record AmountDue(long AmountMinor, string Currency);

/// <summary>
/// Where a customer stands, for the business's own application: whether a failed payment is being recovered, since when, until
/// when access should last, what is due, where to pay, and in which language to say so.
/// </summary>
public sealed record CustomerStanding(string CustomerId, bool InDunning, DateTimeOffset? Since, DateTimeOffset? GraceUntil,
    IReadOnlyList<AmountDue> AmountDue, string? PayUrl, string Language, IReadOnlyList<OpenInvoice> Invoices)
{
    /// <summary>
    /// The standing from the customer's open cases: since the oldest failure, until the earliest grace end (access should end
    /// with the first case that ends), paying the oldest invoice first.
    /// </summary>
    public static CustomerStanding Of(string customerId, IReadOnlyList<OpenInvoice> open, string language)
    {
        var oldestFirst = open.OrderBy(i => i.Since).ThenBy(i => i.InvoiceId, StringComparer.Ordinal).ToList();
        var graceEnds = oldestFirst.Where(i => i.GraceUntil is not null).Select(i => i.GraceUntil!.Value).ToList();
        return new CustomerStanding(customerId, oldestFirst.Count > 0, oldestFirst.FirstOrDefault()?.Since,
            graceEnds.Count > 0 ? graceEnds.Min() : null,
            oldestFirst.GroupBy(i => i.Currency).Select(g => new AmountDue(g.Sum(i => i.AmountMinor), g.Key)).ToList(),
            oldestFirst.FirstOrDefault(i => i.PayUrl is not null)?.PayUrl, language, oldestFirst);
    }
}
