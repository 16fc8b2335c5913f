using Dunning.Contracts;
using Dunning.Notification.Domain;

namespace Dunning.Notification;

/// <summary>When each email of a dunning case goes out (section <c>Notification:Cadence</c>); every step is a setting.</summary>
public sealed class CadenceOptions
{
    /// <summary>Steps that send at all; remove one to switch it off.</summary>
    public List<string> EnabledSteps { get; set; } = [.. EmailSteps.All];

    /// <summary>First reminder (<c>reminder_day3</c>), counted from the first failure.</summary>
    public TimeSpan FirstReminderAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Second reminder (<c>reminder_day7</c>), counted from the first failure.</summary>
    public TimeSpan SecondReminderAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long before the final attempt the final notice goes out.</summary>
    public TimeSpan FinalNoticeBefore { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Loss reasons that earn a closing email (a voided invoice, for example, does not): the win-back when the subscription is
    /// canceled, else the "retries ended, the payment is still due" email.
    /// </summary>
    public List<LossReason> WinBackReasons { get; set; } = [LossReason.RetriesExhausted, LossReason.HardDecline, LossReason.SubscriptionCanceled];

    public bool IsEnabled(string step) => EnabledSteps.Contains(step);
}
