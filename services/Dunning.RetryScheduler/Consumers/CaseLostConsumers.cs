using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The subscription ended: its open cases are lost.</summary>
public sealed class SubscriptionCanceledConsumer(ConsumerServices services, CaseStore cases, CaseLifecycle lifecycle)
    : IdempotentConsumer<SubscriptionCanceled>(services)
{
    protected override async Task HandleAsync(SubscriptionCanceled message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var c in await cases.OpenForSubscriptionAsync(transaction, message.SubscriptionId, cancellationToken))
            await lifecycle.CloseLostAsync(transaction, c, LossReason.SubscriptionCanceled, finalAction: false, cancellationToken);
    }
}

/// <summary>The invoice was voided: its case is lost (or, with none yet, a late failure finds it settled).</summary>
public sealed class InvoiceVoidedConsumer(ConsumerServices services, CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle)
    : IdempotentConsumer<InvoiceVoided>(services)
{
    protected override Task HandleAsync(InvoiceVoided message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, settled, lifecycle, transaction, message.InvoiceId, LossReason.InvoiceVoided, message.OccurredAt, cancellationToken);
}

/// <summary>The invoice was marked uncollectible: its case is lost.</summary>
public sealed class InvoiceMarkedUncollectibleConsumer(ConsumerServices services, CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle)
    : IdempotentConsumer<InvoiceMarkedUncollectible>(services)
{
    protected override Task HandleAsync(InvoiceMarkedUncollectible message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, settled, lifecycle, transaction, message.InvoiceId, LossReason.MarkedUncollectible, message.OccurredAt, cancellationToken);
}

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
