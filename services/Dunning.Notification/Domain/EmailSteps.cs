namespace Dunning.Notification.Domain;

/// <summary>The cadence steps; each is sent at most once per invoice.</summary>
public static class EmailSteps
{
    public const string FirstFailure = "first_failure";
    public const string ReminderDay3 = "reminder_day3";
    public const string ReminderDay7 = "reminder_day7";
    public const string FinalNotice = "final_notice";
    public const string ActionRequired = "action_required";
    public const string Recovered = "recovered";
    public const string WinBack = "win_back";

    /// <summary>The retries ended but the subscription was not canceled (the final action left it past due or the invoice uncollectible).</summary>
    public const string RetriesEnded = "retries_ended";

    /// <summary>
    /// Not a step of a dunning case: the expiring-card reminder, sent before any payment failed, once per customer, card and expiry.
    /// </summary>
    public const string CardExpiring = "card_expiring";

    public static IReadOnlyList<string> All { get; } =
        [FirstFailure, ReminderDay3, ReminderDay7, FinalNotice, ActionRequired, Recovered, WinBack, RetriesEnded];

    /// <summary>The case status a step is still worth sending in; anything else means the moment has passed.</summary>
    public static CaseStatus SendableIn(string step) => step switch
    {
        Recovered => CaseStatus.Recovered,
        WinBack or RetriesEnded => CaseStatus.Lost,
        _ => CaseStatus.Open,
    };
}
