using System.Text.Json.Nodes;
using Dunning.Contracts;
using Dunning.Notification.Domain;

namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// The events a business gets, one per effect, each named by what happened to the case, and the key that makes its id:
/// the invoice for what happens once per case, the message's own source event for what can happen several times.
/// </summary>
public static class BusinessEvents
{
    public const string Opened = "dunning.case.opened";
    public const string RetryFailed = "dunning.case.retry_failed";
    public const string ActionRequired = "dunning.case.action_required";
    public const string GraceEnding = "dunning.case.grace_ending";
    public const string Recovered = "dunning.case.recovered";
    public const string Lost = "dunning.case.lost";

    public static IReadOnlyList<string> All { get; } = [Opened, RetryFailed, ActionRequired, GraceEnding, Recovered, Lost];

    public static BusinessEvent CaseOpened(PaymentFailed m) => BusinessEvent.Of(Opened, m.InvoiceId, m.OccurredAt, m.InvoiceId, m.CustomerId,
        new JsonObject
        {
            ["subscription"] = m.SubscriptionId, ["amount_due"] = m.AmountMinor, ["currency"] = m.Currency, ["pay_url"] = m.HostedInvoiceUrl,
            ["failed_at"] = m.OccurredAt.ToUnixTimeSeconds(), ["decline_code"] = m.Decline.DeclineCode ?? m.Decline.FailureCode,
            ["livemode"] = m.Livemode,
        });

    public static BusinessEvent RetryFailedOf(RetryAttempted m) => BusinessEvent.Of(RetryFailed, m.SourceEventId, m.OccurredAt, m.InvoiceId,
        m.CustomerId, new JsonObject
        {
            ["attempt"] = m.AttemptNumber, ["attempted_at"] = m.OccurredAt.ToUnixTimeSeconds(),
            ["decline_code"] = m.Decline.DeclineCode ?? m.Decline.FailureCode, ["network_decline_code"] = m.Decline.NetworkDeclineCode,
        });

    public static BusinessEvent ActionRequiredOf(PaymentActionRequired m) => BusinessEvent.Of(ActionRequired, m.SourceEventId, m.OccurredAt,
        m.InvoiceId, m.CustomerId, new JsonObject
        {
            ["subscription"] = m.SubscriptionId, ["amount_due"] = m.AmountMinor, ["currency"] = m.Currency, ["pay_url"] = m.HostedInvoiceUrl,
        });

    /// <summary>Once per grace end: a plan that moves the end makes a new event.</summary>
    public static BusinessEvent GraceEndingOf(string customerId, OpenInvoice open, DateTimeOffset graceUntil, DateTimeOffset now) =>
        BusinessEvent.Of(GraceEnding, $"{open.InvoiceId}\n{graceUntil.ToUnixTimeSeconds()}", now, open.InvoiceId, customerId, new JsonObject
        {
            ["grace_until"] = graceUntil.ToUnixTimeSeconds(), ["amount_due"] = open.AmountMinor, ["currency"] = open.Currency,
            ["pay_url"] = open.PayUrl,
        });

    public static BusinessEvent RecoveredOf(PaymentRecovered m) => BusinessEvent.Of(Recovered, m.InvoiceId, m.RecoveredAt, m.InvoiceId,
        m.CustomerId, new JsonObject
        {
            ["subscription"] = m.SubscriptionId, ["amount_paid"] = m.AmountMinor, ["currency"] = m.Currency,
            ["recovery_method"] = m.Method.ToString(), ["attempt"] = m.AttemptNumber, ["recovered_at"] = m.RecoveredAt.ToUnixTimeSeconds(),
        });

    public static BusinessEvent LostOf(RevenueLost m) => BusinessEvent.Of(Lost, m.InvoiceId, m.LostAt, m.InvoiceId, m.CustomerId,
        new JsonObject
        {
            ["subscription"] = m.SubscriptionId, ["amount_lost"] = m.AmountMinor, ["currency"] = m.Currency, ["loss_reason"] = m.Reason.ToString(),
            ["lost_at"] = m.LostAt.ToUnixTimeSeconds(), ["subscription_canceled"] = m.CancelsSubscription,
        });
}
