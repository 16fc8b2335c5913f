using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The invoice was marked uncollectible: its case is lost.</summary>
public sealed class InvoiceMarkedUncollectibleConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock)
    : IdempotentConsumer<InvoiceMarkedUncollectible>(services)
{
    protected override Task HandleAsync(InvoiceMarkedUncollectible message, UnitOfWork unit, CancellationToken cancellationToken) =>
        InvoiceLoss.CloseAsync(cases, clock, unit, message.InvoiceId, LossReason.MarkedUncollectible, message.OccurredAt, cancellationToken);
}
