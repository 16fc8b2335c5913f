using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using MassTransit;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// What every consumer with an effect shares: records the message in the inbox and runs its effect in the same transaction
/// (its writes and outbox messages share it), through <see cref="GroupCommit"/>: messages consumed at the same time commit
/// together (their inbox rows written in one round trip), each still with its own outcome. A redelivered message finds its
/// inbox row and has no second effect. The effect may run again after a rollback, so it touches only the database, through
/// the group. Consumers derive from <see cref="IdempotentConsumer{TMessage}"/> (an effect that reads and writes in the
/// transaction) or <see cref="IdempotentWriteConsumer{TMessage}"/> (statements only).
/// </summary>
public abstract class IdempotentConsumerBase<TMessage>(ConsumerServices services) : IConsumer<TMessage>
    where TMessage : class, IDunningMessage
{
    protected OutboxWriter Outbox => services.Outbox;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? MessageIds.For(context.Message);
        NpgsqlTransaction? committed = null;
        var start = new GroupStart([], Lead: () => services.Inbox.RecordCommand(GetType().Name, messageId));
        var handled = await services.GroupCommit.RunAsync(start, async (step, cancellationToken) =>
        {
            if (step.LeadRows == 0)
                return false;
            await EffectAsync(context.Message, step, cancellationToken);
            committed = step.Transaction;
            return true;
        }, context.CancellationToken);
        if (!handled)
            return;
        services.Outbox.NotifyCommitted(committed!);
        services.DueJobs?.NotifyCommitted(committed!);
    }

    /// <summary>The effect, in the group that recorded the message.</summary>
    private protected abstract Task EffectAsync(TMessage message, GroupStep step, CancellationToken cancellationToken);
}
