using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using MassTransit;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// Base for every consumer with an effect: records the message in the inbox and runs <see cref="HandleAsync"/> in one
/// transaction (its writes and outbox messages share it), through <see cref="GroupCommit"/>: messages consumed at the same
/// time commit together (their inbox rows written in one round trip), each still with its own outcome. A redelivered message finds its inbox row and has no second effect.
/// <see cref="HandleAsync"/> may run again after a rollback, so it touches only the database, through the transaction.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(ConsumerServices services) : IConsumer<TMessage>
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

    /// <summary>The effect; everything it writes through <paramref name="transaction"/> commits together with the inbox row.</summary>
    protected abstract Task HandleAsync(TMessage message, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    /// <summary>How the effect runs in its group: <see cref="HandleAsync"/> in the group's transaction;
    /// <see cref="IdempotentWriteConsumer{TMessage}"/> leaves its statements for the group's last round trip instead.</summary>
    private protected virtual Task EffectAsync(TMessage message, GroupStep step, CancellationToken cancellationToken) =>
        HandleAsync(message, step.Transaction, cancellationToken);
}
