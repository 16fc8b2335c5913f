using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>
/// The invoice was paid: close its case as recovered and cancel pending attempts; with no case yet, remember it. A payment
/// that was not ours waits for Stripe to say whether it was made outside Stripe (<see cref="CaseLifecycle.AwaitPaymentOriginAsync"/>).
/// </summary>
public sealed class PaymentSucceededConsumer(ConsumerServices services, CaseStore cases, SettledInvoices settled, CaseLifecycle lifecycle)
    : IdempotentConsumer<PaymentSucceeded>(services)
{
    /// <summary>A payment this close to our own pay call is that call's result (its answer may have been lost).</summary>
    public static readonly TimeSpan OwnCallTolerance = TimeSpan.FromMinutes(10);

    protected override async Task HandleAsync(PaymentSucceeded message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var c = await cases.FindByInvoiceAsync(transaction, message.InvoiceId, cancellationToken);
        if (c is null)
        {
            await settled.AddAsync(transaction, message.InvoiceId, RecoveryMethod.CustomerPaid.ToString(), message.OccurredAt, cancellationToken);
            return;
        }
        if (!c.IsOpen)
            return;
        if (MethodOf(message, c) is var method && method == RecoveryMethod.CustomerPaid)
            await lifecycle.AwaitPaymentOriginAsync(transaction, c, cancellationToken);
        else
            await lifecycle.CloseRecoveredAsync(transaction, c, method, cancellationToken);
    }

    public static RecoveryMethod MethodOf(PaymentSucceeded message, DunningCase c)
    {
        var followsOurCall = c.LastPayCallAt is { } call && (message.OccurredAt - call).Duration() <= OwnCallTolerance;
        if (c.NewCardPending) return RecoveryMethod.CardUpdated;
        return followsOurCall ? RecoveryMethod.Retry : RecoveryMethod.CustomerPaid;
    }
}
