using Dunning.Contracts;
using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// A new entry of a case's timeline: an attempt (<paramref name="Source"/>, <paramref name="Decline"/>), or a decision or note
/// with the rule that made it.
/// </summary>
public sealed record TimelineEntry(
    DateTimeOffset At, TimelineKind Kind, string? Rule, string? Detail, AttemptSource? Source = null, DeclineDetails? Decline = null);

/// <summary>A stored entry of a case's timeline, as the ops API shows it.</summary>
public sealed record CaseEvent(long Id, DateTimeOffset At, TimelineKind Kind, string? AttemptSource, string? Rule, string? Detail, DeclineDetails? Decline);
