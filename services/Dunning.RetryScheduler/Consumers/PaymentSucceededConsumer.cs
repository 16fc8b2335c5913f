using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>
/// The invoice was paid: its case is recovered, or waits to learn who paid (<see cref="DunningCase.InvoicePaid"/>); with no
/// case yet, it is remembered.
/// </summary>
public sealed class PaymentSucceededConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock)
    : IdempotentConsumer<PaymentSucceeded>(services)
{
    protected override async Task HandleAsync(PaymentSucceeded message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var c = await cases.FindByInvoiceAsync(unit, message.InvoiceId, cancellationToken);
        if (c is null)
        {
            cases.RememberSettled(unit, message.InvoiceId, nameof(RecoveryMethod.CustomerPaid), message.OccurredAt);
            return;
        }
        if (!c.IsOpen)
            return;
        c.InvoicePaid(message.OccurredAt, await clock.NowAsync(unit, c, cancellationToken));
        await cases.SaveAsync(unit, c, cancellationToken);
    }
}
