using Dunning.Contracts;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// The operators' commands (the ops API, <see cref="CaseCommands"/>): each is noted on the timeline with who gave it and why,
/// and lands in the audit log (<see cref="CaseChange.Audited"/>).
/// </summary>
public sealed partial class DunningCase
{
    /// <summary>Why the case refuses <paramref name="command"/>, in words an operator can act on; null when it takes it.</summary>
    public string? WhyNot(CaseCommand command)
    {
        if (!IsOpen)
            return $"The case for invoice '{State.InvoiceId}' is closed ({State.Status}, {State.Outcome}); nothing to {command.Name()}.";
        if (command == CaseCommand.RetryNow && State.Attempts >= _policy.MaxAttempts)
            return $"All {_policy.MaxAttempts} attempts were made; update the card or raise RetryPolicy:MaxAttempts.";
        if (command == CaseCommand.RetryNow && _policy.RetryOwner == RetryOwner.Stripe)
            return "RetryPolicy:RetryOwner is Stripe: Stripe's Smart Retries drive the attempts, this service never calls pay.";
        return null;
    }

    /// <summary>No attempts until resumed (or retried now).</summary>
    public void Pause(OperatorAction action, DateTimeOffset now)
    {
        State = State with { Paused = true };
        CancelRetryJob();
        NoteByOperator(action, now);
    }

    /// <summary>Plans the next attempt again, from the attempts so far.</summary>
    public void Resume(OperatorAction action, PlanningFacts facts, DateTimeOffset now)
    {
        var planned = State.NextAttemptAt;
        State = State with { Paused = false };
        Plan(facts, planned, now);
        NoteByOperator(action, now);
    }

    /// <summary>The next attempt, now.</summary>
    public void RetryNow(OperatorAction action, DateTimeOffset now)
    {
        State = State with { Paused = false, NextAttemptAt = now, NextAttemptRule = "ops_retry_now" };
        ScheduleRetryJob(now);
        NoteByOperator(action, now);
    }

    /// <summary>
    /// The customer paid outside Stripe and the operator says so: recovered out of band, with the same message a payment
    /// Stripe reports as paid out of band publishes (metrics count it, notification sends its closing email).
    /// </summary>
    public void CloseRecoveredOutOfBand(OperatorAction action, DateTimeOffset now)
    {
        NoteByOperator(action, now);
        CloseRecovered(RecoveryMethod.OutOfBand, now);
    }

    /// <summary>
    /// The operator gives the payment up: lost as written off, with no final action in Stripe (the invoice and subscription
    /// stay as they are; the operator decides what happens to them).
    /// </summary>
    public void WriteOff(OperatorAction action, DateTimeOffset now)
    {
        NoteByOperator(action, now);
        CloseLost(LossReason.WrittenOff, finalAction: false, now);
    }

    private void NoteByOperator(OperatorAction action, DateTimeOffset now)
    {
        Note(now, action.Command switch
        {
            CaseCommand.Pause => TimelineKind.Pause,
            CaseCommand.Resume => TimelineKind.Resume,
            CaseCommand.RetryNow => TimelineKind.RetryNow,
            CaseCommand.CloseRecovered => TimelineKind.CloseRecovered,
            _ => TimelineKind.WriteOff,
        }, "ops", $"{action.Actor}: {action.Reason}");
        _changes.Add(new CaseChange.Audited(action));
    }
}
