namespace Dunning.RetryScheduler.Domain;

/// <summary>Which field of a decline a rule reads, in precedence order (DUNNING-RULES §1: most specific first).</summary>
public enum DeclineSignal
{
    NetworkAdviceCode = 0,
    AdviceCode = 1,
    NetworkDeclineCode = 2,
    DeclineCode = 3,
    FailureCode = 4,
}
