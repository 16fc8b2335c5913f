namespace Dunning.Platform.Outbox;

/// <summary>Wakes the <see cref="OutboxRelay"/> when a commit added an outbox message.</summary>
public sealed class OutboxSignal : WakeUpSignal;
