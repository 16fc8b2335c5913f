using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;

namespace Dunning.Platform.Inbox;

/// <summary>What an <see cref="IdempotentConsumerBase{TMessage}"/> needs, in one constructor argument.</summary>
/// <remarks><paramref name="DueJobs"/> (optional) is told of the commit, so a job the consumer made due now runs at once.</remarks>
public sealed record ConsumerServices(GroupCommit GroupCommit, Inbox Inbox, OutboxWriter Outbox, DueJobStore? DueJobs = null);
