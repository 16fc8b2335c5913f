using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The invoice was voided: its case is lost (or, with none yet, a late failure finds it settled).</summary>
public sealed class InvoiceVoidedConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock)
    : IdempotentConsumer<InvoiceVoided>(services)
{
    protected override Task HandleAsync(InvoiceVoided message, UnitOfWork unit, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, clock, unit, message.InvoiceId, LossReason.InvoiceVoided, message.OccurredAt, cancellationToken);
}
