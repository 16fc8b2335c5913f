using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class InvoiceEventMapperTests
{
    [Fact]
    public void Payment_failed_carries_invoice_fields_and_is_blocked_by_paid_or_voided()
    {
        var invoice = Events.InvoiceWithoutDecline("in_1", amountDue: 4200);
        invoice["attempt_count"] = 2;
        invoice["hosted_invoice_url"] = "https://invoice.stripe.com/i/1";
        invoice["next_payment_attempt"] = Events.T0.AddDays(3).ToUnixTimeSeconds();

        var outgoing = Assert.Single(InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "invoice.payment_failed", invoice))).Messages);

        var failed = Assert.IsType<PaymentFailed>(outgoing.Message);
        Assert.Equal(("evt_1", "in_1", "cus_test", "sub_test", "ada@example.com"),
            (failed.SourceEventId, failed.InvoiceId, failed.CustomerId, failed.SubscriptionId, failed.CustomerEmail));
        Assert.Equal((4200L, "usd", 2), (failed.AmountMinor, failed.Currency, failed.StripeAttemptCount));
        Assert.Equal(Events.T0.AddDays(3), failed.StripeNextAttemptAt);
        Assert.Equal(Events.T0, failed.OccurredAt);
        Assert.Equal(DeclineDetails.None, failed.Decline);
        Assert.Equal([Facts.InvoicePaid, Facts.InvoiceVoided], outgoing.BlockedBy);
        Assert.False(outgoing.Once);
    }

    [Fact]
    public void Payment_failed_names_the_request_that_caused_it_and_never_carries_decline_details()
    {
        // API 2026-10-28.endive: invoice.payments is expand-only (never in a webhook) and the invoice names no charge, so the
        // failure always leaves decline details to the look-up, even when a finalization error is present.
        var invoice = Events.InvoiceWithoutDecline("in_1");
        invoice["last_finalization_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds" };
        var envelope = Events.Envelope("evt_1", "invoice.payment_failed", invoice);
        envelope["request"] = new JsonObject { ["id"] = "req_1", ["idempotency_key"] = "dunning:case:1" };

        var failed = (PaymentFailed)InvoiceEventMapper.Map(Events.Parse(envelope)).Messages[0].Message;

        Assert.Equal(("dunning:case:1", DeclineDetails.None), (failed.RequestIdempotencyKey, failed.Decline));
    }

    [Fact]
    public void Payment_failed_says_whether_it_is_test_data_and_which_test_clock_it_runs_on()
    {
        var invoice = Events.InvoiceWithoutDecline("in_clock");
        invoice["livemode"] = false;
        invoice["test_clock"] = "clock_1";
        var live = Events.InvoiceWithoutDecline("in_live");
        live["livemode"] = true;
        live["test_clock"] = null;

        var onClock = (PaymentFailed)InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "invoice.payment_failed", invoice))).Messages[0].Message;
        var onWallTime = (PaymentFailed)InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "invoice.payment_failed", live))).Messages[0].Message;

        Assert.Equal((false, "clock_1"), (onClock.Livemode, onClock.TestClockId));
        Assert.Equal((true, (string?)null), (onWallTime.Livemode, onWallTime.TestClockId));
    }

    [Theory]
    [InlineData("invoice.paid")]
    [InlineData("invoice.payment_succeeded")]
    public void Paid_invoice_is_payment_succeeded_once_per_invoice(string type)
    {
        var invoice = Events.Invoice();
        invoice["amount_paid"] = 1999;

        var outgoing = Assert.Single(InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_2", type, invoice))).Messages);

        var succeeded = Assert.IsType<PaymentSucceeded>(outgoing.Message);
        Assert.Equal(("in_test", 1999L), (succeeded.InvoiceId, succeeded.AmountMinor));
        Assert.Equal((Facts.InvoicePaid, true), (outgoing.Fact, outgoing.Once));
    }

    [Theory]
    [InlineData("invoice.payment_action_required", typeof(PaymentActionRequired))]
    [InlineData("invoice.marked_uncollectible", typeof(InvoiceMarkedUncollectible))]
    [InlineData("invoice.voided", typeof(InvoiceVoided))]
    public void Other_invoice_outcomes_map_to_their_message(string type, Type expected)
    {
        var outgoing = Assert.Single(InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_3", type, Events.Invoice()))).Messages);

        Assert.IsType(expected, outgoing.Message);
        Assert.Equal("evt_3", outgoing.Message.SourceEventId);
        Assert.Contains(Facts.InvoicePaid, outgoing.BlockedBy);
    }

    [Theory]
    [InlineData("invoice.created")]
    [InlineData("invoice.finalized")]
    public void Invoice_events_dunning_ignores_publish_nothing(string type) =>
        Assert.Empty(InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_4", type, Events.Invoice()))).Messages);

    public static JsonObject FailedCharge(string declineCode)
    {
        var charge = StripeFixtures.Resource("charge");
        charge["failure_code"] = "card_declined";
        charge["outcome"] = new JsonObject
        {
            ["type"] = "issuer_declined", ["reason"] = declineCode, ["network_decline_code"] = "54", ["advice_code"] = "do_not_try_again",
        };
        return charge;
    }
}
