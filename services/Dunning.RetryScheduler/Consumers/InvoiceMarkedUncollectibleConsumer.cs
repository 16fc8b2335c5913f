using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The invoice was marked uncollectible: its case is lost.</summary>
public sealed class InvoiceMarkedUncollectibleConsumer(ConsumerServices services, CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle)
    : IdempotentConsumer<InvoiceMarkedUncollectible>(services)
{
    protected override Task HandleAsync(InvoiceMarkedUncollectible message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, settled, lifecycle, transaction, message.InvoiceId, LossReason.MarkedUncollectible, message.OccurredAt, cancellationToken);
}
