using Dunning.Platform.Data;
using Dunning.Platform.Outbox;

namespace Dunning.Platform.Inbox;

/// <summary>What an <see cref="IdempotentConsumer{TMessage}"/> needs, in one constructor argument.</summary>
public sealed record ConsumerServices(UnitsOfWork UnitsOfWork, Inbox Inbox, OutboxWriter Outbox);
