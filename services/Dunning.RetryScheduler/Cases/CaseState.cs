using System.Text.Json.Serialization;
using Dunning.RetryScheduler.Experiments;

namespace Dunning.RetryScheduler.Cases;

/// <summary>A case's status; the ops API names it as a word (the console shows it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    Open,
    Recovered,
    Lost,
}

/// <summary>A case's state, a row of <c>scheduler.cases</c>; only <see cref="DunningCase"/> changes it.</summary>
/// <param name="PaymentMethodId">The payment method the invoice failed on, when Stripe said.</param>
/// <param name="NewPaymentMethodId">The customer's new card while <see cref="NewCardPending"/>: the retry pays with it explicitly.</param>
/// <param name="ClockId">The Stripe test clock the case runs on (<see cref="CaseClock"/>); null for wall time.</param>
/// <param name="BackupCardsTried">The customer's other cards this case paid with as backup cards (<see cref="RetryPolicyOptions.BackupCards"/>).</param>
/// <param name="OwnCardFingerprint">While a backup card is paid with: the case's own card, which the case goes back to if the backup declines.</param>
/// <param name="OwnCardBrand">While a backup card is paid with: the brand of the case's own card.</param>
/// <param name="PayKeyRenewals">Times the next pay call's idempotency key was renewed because Stripe saved a 5xx answer under it.</param>
/// <param name="StripeAttemptCount">The highest <c>attempt_count</c> of the invoice Stripe reported: a failure that does not raise it was manual.</param>
/// <param name="Experiment">The experiment arm the case was assigned to when it opened (its policy is the arm's); null outside experiments.</param>
public sealed record CaseState(
    Guid Id,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    long AmountMinor,
    string Currency,
    string? CardFingerprint,
    string? CardBrand,
    string? TimeZone,
    CaseStatus Status,
    int Attempts,
    int PayCalls,
    DateTimeOffset? NextAttemptAt,
    string? NextAttemptRule,
    bool NewCardPending,
    DateTimeOffset? LastPayCallAt,
    bool Paused,
    DateTimeOffset FailedAt,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    string? Outcome,
    string? PaymentMethodId = null,
    string? NewPaymentMethodId = null,
    int PayKeyRenewals = 0,
    string? ClockId = null,
    IReadOnlyList<string>? BackupCardsTried = null,
    string? OwnCardFingerprint = null,
    string? OwnCardBrand = null,
    int StripeAttemptCount = 0,
    CaseArm? Experiment = null)
{
    public bool IsOpen => Status == CaseStatus.Open;

    public IReadOnlyList<string> TriedBackupCards => BackupCardsTried ?? [];

    /// <summary>The pending card is a backup card (not one the customer just gave).</summary>
    public bool PayingWithBackupCard => NewCardPending && NewPaymentMethodId is { } card && TriedBackupCards.Contains(card);
}
