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
        Assert.Equal(("evt_1", "in_1", "cus_test", "sub_test", "ada@example.com"), (failed.SourceEventId, failed.InvoiceId, failed.CustomerId, failed.SubscriptionId, failed.CustomerEmail));
        Assert.Equal((4200L, "usd", 2), (failed.AmountMinor, failed.Currency, failed.StripeAttemptCount));
        Assert.Equal(Events.T0.AddDays(3), failed.StripeNextAttemptAt);
        Assert.Equal(Events.T0, failed.OccurredAt);
        Assert.Equal(DeclineDetails.None, failed.Decline);
        Assert.Equal([Facts.InvoicePaid, Facts.InvoiceVoided], outgoing.BlockedBy);
        Assert.False(outgoing.Once);
    }

    [Fact]
    public void Payment_failed_takes_decline_details_from_last_finalization_error()
    {
        var invoice = Events.Invoice();
        invoice["last_finalization_error"] = new JsonObject
        {
            ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = "insufficient_funds",
            ["advice_code"] = "try_again_later", ["network_decline_code"] = "51", ["network_advice_code"] = "24",
            ["payment_method"] = StripeFixtures.Resource("payment_method"),
        };

        var failed = (PaymentFailed)InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "invoice.payment_failed", invoice))).Messages[0].Message;

        Assert.Equal(new DeclineDetails("card_declined", "insufficient_funds", "try_again_later", "51", "24", "visa", "AOB934RVNwzk6xtn", "pm_1Pgc75B7WZ01zgkWlHVgdEGJ"), failed.Decline);
    }

    [Fact]
    public void Finalization_error_without_a_code_is_not_a_decline()
    {
        var invoice = Events.InvoiceWithoutDecline();
        invoice["last_finalization_error"] = new JsonObject { ["type"] = "idempotency_error" };

        var failed = (PaymentFailed)InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "invoice.payment_failed", invoice))).Messages[0].Message;

        Assert.Equal(DeclineDetails.None, failed.Decline);
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
        Assert.Equal(("in_test", "sub_test", 1999L), (succeeded.InvoiceId, succeeded.SubscriptionId, succeeded.AmountMinor));
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
        charge["outcome"] = new JsonObject { ["type"] = "issuer_declined", ["reason"] = declineCode, ["network_decline_code"] = "54", ["advice_code"] = "do_not_try_again" };
        return charge;
    }
}
