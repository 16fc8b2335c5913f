namespace Dunning.Notification.ExpiringCards;

/// <summary>What an expiring-card job does with a subscription as Stripe has it now.</summary>
public abstract record ReminderDecision
{
    /// <summary>The card expires before the renewal: tell the customer.</summary>
    public sealed record Remind(RenewalCard Card, DateTimeOffset RenewsAt) : ReminderDecision;

    /// <summary>Too early (the renewal moved later): run again then.</summary>
    public sealed record Later(DateTimeOffset At) : ReminderDecision;

    public sealed record Nothing(string Reason) : ReminderDecision;

    /// <summary>
    /// Decides from Stripe's answer, not from the event that planned the job: a card replaced, by the customer or the card updater,
    /// before the reminder was due is read as the new card, and a renewal that moved is followed.
    /// </summary>
    public static ReminderDecision For(SubscriptionRenewalState state, DateTimeOffset now, TimeSpan remindBefore)
    {
        if (state.RenewsAt is not { } renewsAt) return new Nothing("the subscription does not renew by charging a card");
        if (renewsAt <= now) return new Nothing("the renewal has passed");
        if (renewsAt - remindBefore > now) return new Later(renewsAt - remindBefore);
        if (state.Card is not { } card) return new Nothing("no card is known for the renewal");
        if (!card.ExpiresBy(renewsAt)) return new Nothing("the card works through the renewal");
        return new Remind(card, renewsAt);
    }
}
