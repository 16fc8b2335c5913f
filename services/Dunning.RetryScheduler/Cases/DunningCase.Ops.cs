namespace Dunning.RetryScheduler.Cases;

/// <summary>The operators' commands (the ops API, <see cref="CaseCommands"/>), each noted on the timeline as theirs.</summary>
public sealed partial class DunningCase
{
    /// <summary>Why the case refuses <paramref name="command"/>, in words an operator can act on; null when it takes it.</summary>
    public string? WhyNot(CaseCommand command)
    {
        if (!IsOpen)
            return $"The case for invoice '{State.InvoiceId}' is closed ({State.Status}, {State.Outcome}); nothing to {command}.";
        if (command == CaseCommand.RetryNow && State.Attempts >= _policy.MaxAttempts)
            return $"All {_policy.MaxAttempts} attempts were made; update the card or raise RetryPolicy:MaxAttempts.";
        if (command == CaseCommand.RetryNow && _policy.RetryOwner == RetryOwner.Stripe)
            return "RetryPolicy:RetryOwner is Stripe: Stripe's Smart Retries drive the attempts, this service never calls pay.";
        return null;
    }

    /// <summary>No attempts until resumed (or retried now).</summary>
    public void Pause(DateTimeOffset now)
    {
        State = State with { Paused = true };
        CancelRetryJob();
        NoteByOperator(CaseCommand.Pause, now);
    }

    /// <summary>Plans the next attempt again, from the attempts so far.</summary>
    public void Resume(PlanningFacts facts, DateTimeOffset now)
    {
        var planned = State.NextAttemptAt;
        State = State with { Paused = false };
        Plan(facts, planned, now);
        NoteByOperator(CaseCommand.Resume, now);
    }

    /// <summary>The next attempt, now.</summary>
    public void RetryNow(DateTimeOffset now)
    {
        State = State with { Paused = false, NextAttemptAt = now, NextAttemptRule = "ops_retry_now" };
        ScheduleRetryJob(now);
        NoteByOperator(CaseCommand.RetryNow, now);
    }

    private void NoteByOperator(CaseCommand command, DateTimeOffset now) => Note(now, command switch
    {
        CaseCommand.Pause => TimelineKind.Pause,
        CaseCommand.Resume => TimelineKind.Resume,
        _ => TimelineKind.RetryNow,
    }, "ops", "by operator");
}
