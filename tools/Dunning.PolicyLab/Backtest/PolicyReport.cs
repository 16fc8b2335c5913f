using Dunning.Lab.Statistics;

namespace Dunning.PolicyLab.Backtest;

/// <summary>An expected recovered amount in one currency (minor units), with its 95 % bootstrap interval.</summary>
public sealed record CurrencyAmount(string Currency, Interval AmountMinor);

/// <summary>
/// What a policy would have done to the history's failures. Counts, amounts and pay calls are expectations under the outcome model;
/// the intervals resample the failures (<see cref="BootstrapInterval"/>). Network figures take every planned retry as made
/// (each declined): the most the policy can ask of a card.
/// </summary>
/// <param name="PlannedRetries">Retries planned over all failures, should each decline.</param>
/// <param name="PayCalls">Pay calls expected: retries stop at the first success.</param>
/// <param name="Emails">Emails expected under the notification service's default cadence (<see cref="ExpectedEmails"/>).</param>
/// <param name="MedianDaysToRecover">Of the recoveries expected; null when none is.</param>
public sealed record PolicyReport(
    string Name,
    string File,
    int Failures,
    Interval Recovered,
    Interval Rate,
    IReadOnlyList<CurrencyAmount> RecoveredAmount,
    double? MedianDaysToRecover,
    double? MeanDaysToRecover,
    int PlannedRetries,
    double PayCalls,
    double Emails,
    NetworkUsage Network);
