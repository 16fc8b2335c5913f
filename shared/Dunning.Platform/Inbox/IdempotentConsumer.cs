using Dunning.Contracts;
using Dunning.Platform.Outbox;
using MassTransit;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>
/// Base for every consumer with an effect: opens a transaction, records the message in the inbox,
/// runs <see cref="HandleAsync"/> (its writes and outbox messages share the transaction) and commits.
/// A redelivered message finds its inbox row and has no second effect.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(ConsumerServices services) : IConsumer<TMessage>
    where TMessage : class, IDunningMessage
{
    protected OutboxWriter Outbox => services.Outbox;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? MessageIds.For(context.Message);
        await using var connection = await services.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        if (!await services.Inbox.TryRecordAsync(transaction, GetType().Name, messageId, context.CancellationToken))
            return;

        await HandleAsync(context.Message, transaction, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        services.Outbox.NotifyCommitted();
        services.DueJobs?.NotifyCommitted(transaction);
    }

    /// <summary>The effect; everything it writes through <paramref name="transaction"/> commits together with the inbox row.</summary>
    protected abstract Task HandleAsync(TMessage message, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
