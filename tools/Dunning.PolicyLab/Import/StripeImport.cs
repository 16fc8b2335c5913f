using Dunning.Lab.History;
using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.PolicyLab.Import;

/// <summary>
/// A Stripe account's failed invoices, in two passes, each paged with <c>starting_after</c>:
/// <list type="number">
/// <item>Events: Stripe keeps them 30 days ("List events, going back up to 30 days", docs.stripe.com/api/events/list). Every
/// <c>invoice.payment_failed</c> since the cutoff names an invoice that failed recently, without reading the invoices that never did.</item>
/// <item>Invoices created before the cutoff (<c>GET /v1/invoices?created[lt]=</c>, docs.stripe.com/api/invoices/list), for the older
/// failures: each attempted one is read, since a manual payment after a decline leaves no trace on the invoice itself
/// (<c>attempt_count</c> counts only automatic retries after the first attempt).</item>
/// </list>
/// Either way an invoice's attempts are its charges (<see cref="StripeInvoiceCharges"/>); an invoice named by several events, or found in
/// both passes, is read once per run and written once.
/// </summary>
public sealed class StripeImport(StripeCalls stripe, ImportArguments arguments, TimeProvider clock) : IHistorySource
{
    /// <summary>Stripe's event retention: older failures are found through the invoice list.</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(30);

    private const string PaymentFailed = "invoice.payment_failed";
    private readonly StripeCalls _stripe = stripe;
    private readonly StripeInvoiceCharges _charges = new(stripe);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private DateTime? Since => arguments.Since?.UtcDateTime;

    public ImportCheckpoint Start() =>
        new(arguments.Fingerprint, (clock.GetUtcNow() - EventRetention).ToUnixTimeSeconds(), ImportPass.Events, null, 0);

    public async Task<(List<FailedInvoice> Found, ImportCheckpoint? Next)> PageAsync(ImportCheckpoint at, HistoryOutput output,
        CancellationToken cancellationToken)
    {
        var cutoff = DateTimeOffset.FromUnixTimeSeconds(at.Cutoff).UtcDateTime;
        if (at.Pass == ImportPass.Events)
        {
            var (found, after) = await EventPageAsync(at.After, cutoff, output, cancellationToken);
            return (found, after is null ? at with { Pass = ImportPass.Invoices, After = null } : at with { After = after });
        }
        var (older, next) = await InvoicePageAsync(at.After, cutoff, output, cancellationToken);
        return (older, next is null ? null : at with { After = next });
    }

    private async Task<(List<FailedInvoice>, string?)> EventPageAsync(string? after, DateTime cutoff, HistoryOutput output,
        CancellationToken cancellationToken)
    {
        var options = new EventListOptions
        {
            Types = [PaymentFailed], Created = new DateRangeOptions { GreaterThanOrEqual = Since > cutoff ? Since : cutoff },
            Limit = arguments.PageSize, StartingAfter = after,
        };
        var page = await _stripe.RunAsync((client, ct) => new EventService(client).ListAsync(options, cancellationToken: ct), cancellationToken);
        var found = new List<FailedInvoice>();
        foreach (var e in page.Data)
        {
            if (e.Data.Object is not Invoice { Id: { } id } || !_read.Add(id) || output.Contains(id)) continue;
            var getOptions = new InvoiceGetOptions { Expand = ["payments"] };
            var invoice = await _stripe.RunAsync((client, ct) => new InvoiceService(client).GetAsync(id, getOptions, cancellationToken: ct),
                cancellationToken);
            if (invoice.Created < Since) continue;
            if (await FailedAsync(invoice, cancellationToken) is { } failed) found.Add(failed);
        }
        return (found, Next(page));
    }

    private async Task<(List<FailedInvoice>, string?)> InvoicePageAsync(string? after, DateTime cutoff, HistoryOutput output,
        CancellationToken cancellationToken)
    {
        var options = new InvoiceListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = Since, LessThan = cutoff },
            Limit = arguments.PageSize, StartingAfter = after, Expand = ["data.payments"],
        };
        var page = await _stripe.RunAsync((client, ct) => new InvoiceService(client).ListAsync(options, cancellationToken: ct), cancellationToken);
        var found = new List<FailedInvoice>();
        foreach (var invoice in page.Data)
        {
            if (invoice.AttemptCount < 1 || !_read.Add(invoice.Id) || output.Contains(invoice.Id)) continue;
            if (await FailedAsync(invoice, cancellationToken) is { } failed) found.Add(failed);
        }
        return (found, Next(page));
    }

    private async Task<FailedInvoice?> FailedAsync(Invoice invoice, CancellationToken cancellationToken) =>
        StripeFailedInvoice.From(invoice, await _charges.OfAsync(invoice, cancellationToken));

    private static string? Next<T>(StripeList<T> page) where T : IHasId =>
        page.HasMore && page.Data.Count > 0 ? page.Data[^1].Id : null;
}
