using Dunning.Contracts;
using Dunning.Platform.Inbox;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>The invoice was paid: close its case as recovered and cancel pending attempts; with no case yet, remember it.</summary>
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
            var method = message.PaidOutOfBand ? RecoveryMethod.OutOfBand : RecoveryMethod.CustomerPaid;
            await settled.AddAsync(transaction, message.InvoiceId, method.ToString(), message.OccurredAt, cancellationToken);
            return;
        }
        if (c.IsOpen)
            await lifecycle.CloseRecoveredAsync(transaction, c, MethodOf(message, c), cancellationToken);
    }

    public static RecoveryMethod MethodOf(PaymentSucceeded message, DunningCase c)
    {
        if (message.PaidOutOfBand) return RecoveryMethod.OutOfBand;
        var followsOurCall = c.LastPayCallAt is { } call && (message.OccurredAt - call).Duration() <= OwnCallTolerance;
        if (c.NewCardPending) return RecoveryMethod.CardUpdated;
        return followsOurCall ? RecoveryMethod.Retry : RecoveryMethod.CustomerPaid;
    }
}
