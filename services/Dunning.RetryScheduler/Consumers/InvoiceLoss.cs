using Dunning.Contracts;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>An invoice that will not be paid: its open case is lost; with no case yet, a late failure finds it settled.</summary>
internal static class InvoiceLoss
{
    public static async Task CloseAsync(CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle, NpgsqlTransaction transaction,
        string invoiceId, LossReason reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var c = await cases.FindByInvoiceAsync(transaction, invoiceId, cancellationToken);
        if (c is null)
            await settled.AddAsync(transaction, invoiceId, reason.ToString(), at, cancellationToken);
        else if (c.IsOpen)
            await lifecycle.CloseLostAsync(transaction, c, reason, finalAction: false, cancellationToken);
    }
}
