namespace Dunning.RetryScheduler.Cases;

/// <summary>What the console looks a case up by: an invoice id, or a customer id (all the customer's cases, newest first).</summary>
public sealed record CaseSearch(string? InvoiceId, string? CustomerId)
{
    /// <summary>The most cases one search shows.</summary>
    public const int Limit = 100;

    /// <summary>The search the query asks for, or why it cannot be run (a sentence for the caller).</summary>
    public static (CaseSearch? Search, string? Problem) From(string? invoice, string? customer)
    {
        invoice = string.IsNullOrWhiteSpace(invoice) ? null : invoice.Trim();
        customer = string.IsNullOrWhiteSpace(customer) ? null : customer.Trim();
        return (invoice, customer) switch
        {
            (null, null) => (null, "Give ?invoice=in_... or ?customer=cus_... (an email is looked up through the notification service first)."),
            (not null, not null) => (null, "Give ?invoice= or ?customer=, not both."),
            _ => (new CaseSearch(invoice, customer), null),
        };
    }
}
