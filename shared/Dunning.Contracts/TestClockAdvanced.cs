namespace Dunning.Contracts;

/// <summary>
/// A Stripe test clock's time (<c>test_helpers.test_clock.*</c> events' <c>frozen_time</c>): jobs of cases on that clock that
/// fall due by then run. Published for every such event; clocks only move forward, so an older time changes nothing.
/// </summary>
public record TestClockAdvanced(
    string SourceEventId,
    string ClockId,
    DateTimeOffset FrozenTime) : IDunningMessage;
