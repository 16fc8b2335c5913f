using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.Outbox;
using MassTransit;

namespace Dunning.Platform.Inbox;

/// <summary>
/// Base for every consumer with an effect: records the message in the inbox and runs its effect in the same unit of work (its
/// writes and outbox messages commit with the inbox row). Messages consumed at the same time share a transaction
/// (<see cref="UnitsOfWork"/>), their inbox rows written in one round trip and an effect that only writes costing no round
/// trip of its own; each still gets its own outcome. A redelivered message finds its inbox row and has no second effect. The
/// effect may run again after a rollback, so it touches only the database, through the unit of work.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(ConsumerServices services) : IConsumer<TMessage>
    where TMessage : class, IDunningMessage
{
    protected OutboxWriter Outbox => services.Outbox;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? MessageIds.For(context.Message);
        await services.UnitsOfWork.RunAsync([], trip => trip.Write(services.Inbox.Record(GetType().Name, messageId)), async (unit, recorded, token) =>
        {
            if (recorded.RowsAffected == 1)
                await HandleAsync(context.Message, unit, token);
            return true;
        }, context.CancellationToken);
    }

    /// <summary>The effect: everything it writes through <paramref name="unit"/> commits together with the inbox row. Throws
    /// <see cref="Messaging.InvalidMessageException"/> for a message it cannot apply.</summary>
    protected abstract Task HandleAsync(TMessage message, UnitOfWork unit, CancellationToken cancellationToken);
}
