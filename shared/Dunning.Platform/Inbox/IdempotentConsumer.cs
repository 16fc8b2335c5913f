using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// Base for a consumer whose effect reads and writes: <see cref="HandleAsync"/> runs in the transaction that records the
/// message in the inbox (see <see cref="IdempotentConsumerBase{TMessage}"/>), a round trip per statement it sends.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(ConsumerServices services) : IdempotentConsumerBase<TMessage>(services)
    where TMessage : class, IDunningMessage
{
    /// <summary>The effect; everything it writes through <paramref name="transaction"/> commits together with the inbox row.</summary>
    protected abstract Task HandleAsync(TMessage message, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    private protected sealed override Task EffectAsync(TMessage message, GroupStep step, CancellationToken cancellationToken) =>
        HandleAsync(message, step.Transaction, cancellationToken);
}
