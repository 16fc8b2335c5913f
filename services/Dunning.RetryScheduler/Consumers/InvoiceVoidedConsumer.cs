using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The invoice was voided: its case is lost (or, with none yet, a late failure finds it settled).</summary>
public sealed class InvoiceVoidedConsumer(ConsumerServices services, CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle)
    : IdempotentConsumer<InvoiceVoided>(services)
{
    protected override Task HandleAsync(InvoiceVoided message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, settled, lifecycle, transaction, message.InvoiceId, LossReason.InvoiceVoided, message.OccurredAt, cancellationToken);
}
