using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>A new default card: each of the customer's open cases it is new to retries once with it (<see cref="DunningCase.NewCard"/>).</summary>
public sealed class PaymentMethodUpdatedConsumer(ConsumerServices services, CaseRepository cases, CaseClock clock)
    : IdempotentConsumer<PaymentMethodUpdated>(services)
{
    protected override async Task HandleAsync(PaymentMethodUpdated message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        foreach (var c in await cases.OpenForCustomerAsync(unit, message.CustomerId, cancellationToken))
        {
            if (!c.IsNewCard(message))
                continue;
            c.NewCard(message, await clock.NowAsync(unit, c, cancellationToken));
            await cases.SaveAsync(unit, c, cancellationToken);
        }
    }
}
