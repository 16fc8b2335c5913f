namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// An attempt of ours that a network rule held back (the compliance report's fees avoided): the case's pay call
/// <paramref name="PayCall"/> on the card would have broken <paramref name="Rule"/> at <paramref name="At"/>, so it was postponed
/// until <paramref name="Until"/>, or skipped (null).
/// </summary>
public sealed record CardHold(string CardFingerprint, Guid CaseId, int PayCall, string Rule, DateTimeOffset At, DateTimeOffset? Until);
