using Dunning.Contracts;
using UUIDNext;

namespace Dunning.Platform.Outbox;

/// <summary>
/// A message's id is derived from its type and <see cref="IDunningMessage.SourceEventId"/> (UUIDv5),
/// so the same fact published twice — a Stripe retry, a replay, a crash before "mark sent" —
/// carries the same id and consumers' inboxes drop the copy.
/// </summary>
public static class MessageIds
{
    private static readonly Guid Namespace = new("4f1c8e36-7c1d-4a53-9b8e-2f6d3c9a0b11");

    public static Guid For(IDunningMessage message) => For(message.GetType(), message.SourceEventId);

    public static Guid For(Type messageType, string sourceEventId) =>
        Uuid.NewNameBased(Namespace, $"{messageType.FullName}|{sourceEventId}");
}
