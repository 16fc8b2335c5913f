namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// What the compliance report reads of a card: its brand, its attempts from the longest rule period before the report's start (they
/// count on the windows of the attempts in it), and the attempts of ours the rules held back in the report's period.
/// </summary>
public sealed record CardHistory(string Fingerprint, string? Brand, IReadOnlyList<CardAttempt> Attempts, IReadOnlyList<CardHold> Holds);
