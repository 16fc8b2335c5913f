namespace Dunning.RetryScheduler.Cases;

/// <summary>The due job that drives one case: its next attempt, a new-card retry, or the end of its window (key <c>retry:{caseId}</c>).</summary>
public sealed record RetryJob(Guid CaseId)
{
    public const string Kind = "dunning-retry";

    public static string KeyFor(Guid caseId) => $"retry:{caseId}";
}

/// <summary>The final action after the last attempt, run through Stripe once (key <c>final:{caseId}</c>).</summary>
public sealed record FinalActionJob(Guid CaseId, string InvoiceId, string? SubscriptionId, FinalAction Action)
{
    public const string Kind = "dunning-final-action";

    public static string KeyFor(Guid caseId) => $"final:{caseId}";
}

/// <summary>
/// After a new card paid a case's invoice: make it the subscription's default when the subscription has a default of its
/// own (otherwise the next renewal charges the old card again); key <c>default-card:{caseId}</c>.
/// </summary>
public sealed record DefaultCardJob(Guid CaseId, string SubscriptionId, string PaymentMethodId)
{
    public const string Kind = "dunning-default-card";

    public static string KeyFor(Guid caseId) => $"default-card:{caseId}";
}

/// <summary>Asks Stripe whether a case's invoice, paid by someone else, was paid outside Stripe; key <c>payment-origin:{caseId}</c>.</summary>
public sealed record PaymentOriginJob(Guid CaseId)
{
    public const string Kind = "dunning-payment-origin";

    public static string KeyFor(Guid caseId) => $"payment-origin:{caseId}";
}
