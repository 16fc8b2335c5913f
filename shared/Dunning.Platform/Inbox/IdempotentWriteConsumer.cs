using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// An <see cref="IdempotentConsumer{TMessage}"/> whose effect is statements only (it reads nothing back): they travel in its
/// group's last round trip with every other piece's writes (<see cref="GroupStep.Write"/>), so a group of such messages costs
/// three round trips however many it carries, instead of one more per message. In piece order, so two messages of one
/// group about the same row apply in the order they were consumed, as one after the other would.
/// </summary>
public abstract class IdempotentWriteConsumer<TMessage>(ConsumerServices services) : IdempotentConsumer<TMessage>(services)
    where TMessage : class, IDunningMessage
{
    /// <summary>The effect's statements, in order; throws <see cref="Messaging.InvalidMessageException"/> for a message it cannot apply.</summary>
    protected abstract IEnumerable<NpgsqlBatchCommand> Writes(TMessage message);

    private protected sealed override Task EffectAsync(TMessage message, GroupStep step, CancellationToken cancellationToken)
    {
        foreach (var write in Writes(message))
            step.Write(write);
        return Task.CompletedTask;
    }

    /// <summary>The statements in one round trip of their own, in <paramref name="transaction"/>.</summary>
    protected sealed override async Task HandleAsync(TMessage message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var write in Writes(message))
            batch.BatchCommands.Add(write);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
