using Dunning.Platform.Outbox;
using Npgsql;

namespace Dunning.Platform.Inbox;

/// <summary>What an <see cref="IdempotentConsumer{TMessage}"/> needs, in one constructor argument.</summary>
public sealed record ConsumerServices(NpgsqlDataSource DataSource, Inbox Inbox, OutboxWriter Outbox);
