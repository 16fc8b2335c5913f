using Dunning.Contracts;
using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// Base for a consumer whose effect is statements only (it reads nothing back): they travel in its group's last round trip
/// with every other piece's writes (<see cref="GroupStep.Write"/>), so a group of such messages costs three round trips
/// however many it carries, instead of one more per message. In piece order, so two messages of one group about the same
/// row apply in the order they were consumed, as one after the other would. Inbox and grouping: <see cref="IdempotentConsumerBase{TMessage}"/>.
/// </summary>
public abstract class IdempotentWriteConsumer<TMessage>(ConsumerServices services) : IdempotentConsumerBase<TMessage>(services)
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
}
