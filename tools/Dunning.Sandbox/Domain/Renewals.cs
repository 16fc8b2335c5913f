using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// What happens as a test clock moves forward: each subscription whose period ends renews (new period,
/// a subscription_cycle invoice, finalized and charged at once), or ends if it was set to cancel at period end.
/// Due renewals run in time order (ties in creation order), the clock standing at each renewal's moment.
/// The clock's subscriptions are read once per advance into a queue ordered by period end (a renewal that falls due
/// again before the target goes back in): finding the next due one by scanning every subscription per renewal was a
/// fifth of the sandbox's CPU under a 4,000-customer load.
/// </summary>
public sealed class Renewals(StripeStore store, Invoices invoices, InvoicePayer payer, EventPublisher events)
{
    public void RunUntil(JsonObject testClock, long target)
    {
        var clockId = testClock.Str("id")!;
        var due = new PriorityQueue<JsonObject, (long PeriodEnd, int Order)>();
        var order = 0;
        foreach (var sub in store.All("subscription"))
        {
            if (IsDue(sub, clockId, target)) due.Enqueue(sub, (PeriodEnd(sub), order));
            order++;
        }
        while (due.TryDequeue(out var sub, out var key))
        {
            if (!IsDue(sub, clockId, target) || PeriodEnd(sub) != key.PeriodEnd) continue; // changed by an earlier renewal
            var at = key.PeriodEnd;
            testClock["frozen_time"] = at;
            Renew(sub, at);
            if (IsDue(sub, clockId, target)) due.Enqueue(sub, (PeriodEnd(sub), key.Order));
        }
    }

    private static bool IsDue(JsonObject sub, string clockId, long target) =>
        sub.Str("test_clock") == clockId && sub.Str("status") is "active" or "past_due" or "unpaid" && PeriodEnd(sub) <= target;

    private void Renew(JsonObject sub, long at)
    {
        if (sub["cancel_at_period_end"]?.GetValue<bool>() == true)
        {
            sub.Change(("status", "canceled"), ("canceled_at", at), ("ended_at", at));
            sub["cancellation_details"]!["reason"] = "cancellation_requested";
            events.Emit("customer.subscription.deleted", sub, at);
            return;
        }
        var before = new JsonObject { ["items"] = sub["items"]!.DeepClone(), ["latest_invoice"] = sub["latest_invoice"]?.DeepClone() };
        foreach (var item in sub.Obj("items")["data"]!.AsArray().Select(i => i!.AsObject()))
        {
            var recurring = item.Obj("price").Obj("recurring");
            item["current_period_start"] = at;
            item["current_period_end"] = BillingPeriod.End(at, recurring.Str("interval")!, recurring.Long("interval_count"));
        }
        var invoice = invoices.CreateForSubscription(sub, "subscription_cycle", at);
        sub["latest_invoice"] = invoice.Str("id");
        events.Emit("customer.subscription.updated", sub, at, before);
        invoices.Finalize(invoice);
        if (sub.Str("collection_method") == "charge_automatically") payer.AttemptAutomatically(invoice);
    }

    private static long PeriodEnd(JsonObject sub) =>
        sub.Obj("items")["data"]!.AsArray().Min(i => i!.AsObject().Long("current_period_end"));
}
