using System.Text.Json;
using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Tests.Mapping;

/// <summary>
/// Golden tests: what <see cref="StripeEventMapper"/> makes of payloads recorded from Stripe (not written by hand),
/// asserted against the values in the payload. Each test names its fixture under <c>Fixtures/Real/</c>;
/// where each comes from, its licence and its API version are in <c>Fixtures/Real/SOURCES.md</c>.
/// </summary>
public sealed class RealPayloadTests
{
    private static readonly StripeEventMapper Mapper = new();

    private static DateTimeOffset Unix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    [Theory]
    [InlineData("charge.failed.sync-engine.json", "evt_3KtQThJDPojXS6LN0E06aNxq", "charge.failed")]
    [InlineData("customer.subscription.created.sync-engine.json", "evt_1J02NfJDPojXS6LNawmt1X8q", "customer.subscription.created")]
    [InlineData("customer.subscription.deleted.sync-engine.json", "evt_1J02QdJDPojXS6LNnOJB09Xb", "customer.subscription.deleted")]
    [InlineData("customer.subscription.updated.sync-engine.json", "evt_1IlavxJDPojXS6LNGNOrPWFQ", "customer.subscription.updated")]
    [InlineData("customer.updated.email-only.sync-engine.json", "evt_1IlZRsJDPojXS6LN2AbFmnR4", "customer.updated")]
    [InlineData("invoice.paid.2020-03-02.sync-engine.json", "evt_1KJrGtJDPojXS6LN15fcthM3", "invoice.paid")]
    [InlineData("invoice.paid.basil.zulip.json", "billing_page_permissions--Event.list.3.json", "invoice.paid")]
    [InlineData("invoice.payment_succeeded.basil.zulip.json", "billing_page_permissions--Event.list.3.json", "invoice.payment_succeeded")]
    [InlineData("payment_method.attached.sync-engine.json", "evt_1IlYUUJDPojXS6LN7NEWYSm2", "payment_method.attached")]
    [InlineData("payment_method.automatically_updated.sync-engine.json", "evt_1IlYUUJDPojXS6LN7NEWYSm2", "payment_method.automatically_updated")]
    public void Every_recorded_event_parses_as_a_stripe_event(string fixture, string id, string type)
    {
        var parsed = StripeEvent.TryParse(RealPayloads.Text(fixture), out var error);

        Assert.Null(error);
        Assert.Equal((id, type), (parsed!.Id, parsed.Type));
    }

    // ---- invoice.payment_failed -------------------------------------------------------------------------------

    [Fact]
    public void Basil_invoice_payment_failed_is_payment_failed_with_the_subscription_from_parent()
    {
        // Fixture: invoice.payment_failed.data.pay.json (API 2025-03-31.basil shape; data only, ids anonymised by pay-rails).
        var e = RealPayloads.DataOnly("invoice.payment_failed.data.pay.json", "evt_pay_failed", "invoice.payment_failed", created: 1745437600);

        var outgoing = Assert.Single(Mapper.Map(e).Messages);

        var failed = Assert.IsType<PaymentFailed>(outgoing.Message);
        Assert.Equal(("evt_pay_failed", "in_1234", "cus_1234", "sub_1234", "customer@example.org"),
            (failed.SourceEventId, failed.InvoiceId, failed.CustomerId, failed.SubscriptionId, failed.CustomerEmail));
        Assert.Equal((24900L, "usd", 1), (failed.AmountMinor, failed.Currency, failed.StripeAttemptCount));
        Assert.Equal("https://invoice.stripe.com/", failed.HostedInvoiceUrl);
        Assert.Equal(Unix(1745552783), failed.StripeNextAttemptAt);
        Assert.Equal(Unix(1745437600), failed.OccurredAt);
        Assert.Equal(DeclineDetails.None, failed.Decline);
        Assert.Equal(("in_1234", Facts.InvoiceFailed, false), (outgoing.EntityId, outgoing.Fact, outgoing.Once));
        Assert.Equal([Facts.InvoicePaid, Facts.InvoiceVoided], outgoing.BlockedBy);
    }

    [Fact]
    public void Basil_invoice_payment_failed_carries_no_decline_so_it_must_come_from_charge_or_payment_intent_events()
    {
        // Fixture: invoice.payment_failed.data.pay.json. Since basil the invoice names neither its subscription, nor its
        // payment intent or charge, and lists no payments (expand-only): nothing on it says why the payment failed.
        var invoice = RealPayloads.DataOnly("invoice.payment_failed.data.pay.json", "evt_pay_failed", "invoice.payment_failed", created: 1745437600).Object;

        foreach (var gone in new[] { "subscription", "payment_intent", "charge", "payments", "paid_out_of_band", "paid" })
            Assert.False(invoice.TryGetProperty(gone, out _), $"basil invoice has no '{gone}'");
        Assert.Equal(JsonValueKind.Null, invoice.GetProperty("last_finalization_error").ValueKind);
        Assert.Equal("subscription_details", invoice.GetProperty("parent").GetProperty("type").GetString());
    }

    // ---- invoice.payment_action_required ----------------------------------------------------------------------

    [Fact]
    public void Invoice_payment_action_required_is_payment_action_required_with_the_hosted_page()
    {
        // Fixture: invoice.payment_action_required.data.pay.json (2025 shape with both parent and the legacy fields; data only, ids anonymised).
        var e = RealPayloads.DataOnly(
            "invoice.payment_action_required.data.pay.json", "evt_pay_action", "invoice.payment_action_required", created: 1745174100);

        var outgoing = Assert.Single(Mapper.Map(e).Messages);

        var action = Assert.IsType<PaymentActionRequired>(outgoing.Message);
        Assert.Equal(("evt_pay_action", "in_1234", "cus_1234", "sub_1234", "customer@example.org"),
            (action.SourceEventId, action.InvoiceId, action.CustomerId, action.SubscriptionId, action.CustomerEmail));
        Assert.Equal((9184L, "usd", "https://invoice.stripe.com/"), (action.AmountMinor, action.Currency, action.HostedInvoiceUrl));
        Assert.Equal(Unix(1745174100), action.OccurredAt);
        Assert.Equal((Facts.InvoiceActionRequired, false), (outgoing.Fact, outgoing.Once));
        Assert.Equal([Facts.InvoicePaid, Facts.InvoiceVoided], outgoing.BlockedBy);
    }

    // ---- invoice.paid / invoice.payment_succeeded -------------------------------------------------------------

    [Theory]
    [InlineData("invoice.paid.basil.zulip.json")]
    [InlineData("invoice.payment_succeeded.basil.zulip.json")]
    public void Basil_paid_invoice_is_payment_succeeded_once(string fixture)
    {
        // Fixtures: Zulip's recorded Event.list (API 2025-04-30.basil; Zulip normalises ids and times). A manual invoice: parent is null.
        var outgoing = Assert.Single(Mapper.Map(RealPayloads.Event(fixture)).Messages);

        var paid = Assert.IsType<PaymentSucceeded>(outgoing.Message);
        Assert.Equal(("billing_page_permissions--Event.list.3.json", "billing_page_permissions--Event.list.2.json", "cus_NORMALIZED"),
            (paid.SourceEventId, paid.InvoiceId, paid.CustomerId));
        Assert.Null(paid.SubscriptionId);
        Assert.Equal((48000L, "usd"), (paid.AmountMinor, paid.Currency));
        Assert.Null(paid.PaymentMethodId);
        Assert.Equal(Unix(1000000000), paid.OccurredAt);
        Assert.Equal((Facts.InvoicePaid, true), (outgoing.Fact, outgoing.Once));
        Assert.Equal([Facts.InvoiceVoided], outgoing.BlockedBy);
    }

    [Fact]
    public void Basil_paid_invoice_no_longer_says_whether_it_was_paid_out_of_band()
    {
        // Fixture: invoice.paid.basil.zulip.json. 'paid_out_of_band' (and 'paid') were removed in basil, and its successor
        // amount_paid_off_stripe is never in event payloads (Stripe changelog 2026-05-27.dahlia): the scheduler asks Stripe.
        var invoice = RealPayloads.Event("invoice.paid.basil.zulip.json").Object;

        Assert.False(invoice.TryGetProperty("paid_out_of_band", out _));
        Assert.False(invoice.TryGetProperty("paid", out _));
        Assert.False(invoice.TryGetProperty("payments", out _));
    }

    [Fact]
    public void Pre_basil_paid_invoice_takes_its_subscription_from_the_legacy_field_and_its_time_from_paid_at()
    {
        // Fixture: invoice.paid.2020-03-02.sync-engine.json (API 2020-03-02: top-level 'subscription', 'paid_out_of_band').
        var outgoing = Assert.Single(Mapper.Map(RealPayloads.Event("invoice.paid.2020-03-02.sync-engine.json")).Messages);

        var paid = Assert.IsType<PaymentSucceeded>(outgoing.Message);
        Assert.Equal(("evt_1KJrGtJDPojXS6LN15fcthM3", "in_1KJqKBJDPojXS6LNJbvLUgEy", "cus_JsuO3bmrj0QlAw", "sub_JsuPyCPhXWfZar"),
            (paid.SourceEventId, paid.InvoiceId, paid.CustomerId, paid.SubscriptionId));
        Assert.Equal((0L, "usd"), (paid.AmountMinor, paid.Currency));
        Assert.Equal(Unix(1642649110), paid.OccurredAt);
    }

    // ---- invoice.voided ---------------------------------------------------------------------------------------

    [Fact]
    public void Voided_invoice_is_invoice_voided_once_and_only_a_payment_blocks_it()
    {
        // Fixture: invoice.voided.object.zulip.json: the invoice Stripe returned to Zulip's void call (API 2020-08-27 era;
        // the data.object of the invoice.voided that follows). A manual invoice: no subscription.
        var e = RealPayloads.ObjectOnly("invoice.voided.object.zulip.json", "evt_zulip_voided", "invoice.voided", created: 1000000001);

        var outgoing = Assert.Single(Mapper.Map(e).Messages);

        var voided = Assert.IsType<InvoiceVoided>(outgoing.Message);
        Assert.Equal(("evt_zulip_voided", "in_NORMALIZED00000000000001", "cus_NORMALIZED0001"), (voided.SourceEventId, voided.InvoiceId, voided.CustomerId));
        Assert.Null(voided.SubscriptionId);
        Assert.Equal(Unix(1000000001), voided.OccurredAt);
        Assert.Equal((Facts.InvoiceVoided, true), (outgoing.Fact, outgoing.Once));
        Assert.Equal([Facts.InvoicePaid], outgoing.BlockedBy);
    }

    // ---- charge.failed ----------------------------------------------------------------------------------------

    [Fact]
    public void A_failed_charge_is_neither_published_nor_remembered_it_names_no_invoice_in_this_api_version()
    {
        // Fixtures: charge.failed.sync-engine.json (API 2020-03-02, when a charge still named its invoice) and
        // charge.failed.object.trigger.json (API 2022-11-15, 'invoice' null, as for every charge since basil removed the field).
        var old = Mapper.Map(RealPayloads.Event("charge.failed.sync-engine.json"));
        var recent = Mapper.Map(
            RealPayloads.ObjectOnly("charge.failed.object.trigger.json", "evt_trigger_charge_failed", "charge.failed", created: 1693217403));

        Assert.Equal((0, (RememberedDecline?)null), (old.Messages.Count, old.Decline));
        Assert.Equal((0, (RememberedDecline?)null), (recent.Messages.Count, recent.Decline));
    }

    [Fact]
    public void A_failed_charge_reads_the_issuers_decline_code_from_outcome_reason()
    {
        // Fixture: charge.failed.sync-engine.json (a live-mode card decline): how the look-up reads a charge Stripe returns.
        Assert.Equal(new DeclineDetails(
                FailureCode: "card_declined",
                DeclineCode: "transaction_not_allowed",
                AdviceCode: null,
                NetworkDeclineCode: null,
                NetworkAdviceCode: null,
                CardBrand: "mastercard",
                CardFingerprint: "rTCV95kAMSlpBpjG",
                PaymentMethodId: "pm_1KtoMBJDPojXS6LNhoWgdwNI"),
            DeclineDetailsReader.FromCharge(RealPayloads.Event("charge.failed.sync-engine.json").Object));
    }

    // ---- payment_intent.payment_failed ------------------------------------------------------------------------

    [Fact]
    public void Failed_payment_intent_reads_last_payment_error_with_the_card_of_its_expanded_payment_method()
    {
        // Fixture: payment_intent.payment_failed.object.trigger.json (Stripe CLI decline, API 2022-11-15; data.object only).
        // 'latest_charge' is an id (not expanded in webhooks), so the details come from last_payment_error, whose
        // payment_method is the expanded PaymentMethod (card brand and fingerprint under payment_method.card).
        var e = RealPayloads.ObjectOnly(
            "payment_intent.payment_failed.object.trigger.json", "evt_trigger_pi_failed", "payment_intent.payment_failed", created: 1693219977);

        var mapped = Mapper.Map(e);

        // A payment intent of no invoice (this one's payment_details names none): nothing to file it under.
        Assert.Equal((0, (RememberedDecline?)null), (mapped.Messages.Count, mapped.Decline));
        Assert.Equal(new DeclineDetails("card_declined", "generic_decline", null, null, null, "visa", "LvNwBVtV2ETBNH8a", "pm_1Nk341I0XSgju2uraNBls6mm"),
            DeclineDetailsReader.FromPaymentIntent(e.Object));
        Assert.Equal(JsonValueKind.String, e.Object.GetProperty("latest_charge").ValueKind);
    }

    [Fact]
    public void Clover_failed_invoice_payment_intent_gives_decline_advice_and_network_codes_and_names_its_invoice_only_in_payment_details()
    {
        // Fixture: payment_intent.clover.declined.zulip.json: the PaymentIntent Stripe returned (API 2025-11-17.clover) when an
        // invoice's card was declined, as a payment_intent.payment_failed would carry it. Zulip normalised the ids (they do not
        // start with pi_/in_, so the mapper's look-up keys cannot be asserted on it); the reader is asserted directly.
        var e = RealPayloads.ObjectOnly(
            "payment_intent.clover.declined.zulip.json", "evt_zulip_pi_failed", "payment_intent.payment_failed", created: 1000000000);

        Assert.Equal(
            new DeclineDetails("card_declined", "generic_decline", "try_again_later", "01", null, "visa", "NORMALIZED",
                "replace_payment_method--Customer.retrieve.7.json"),
            DeclineDetailsReader.FromPaymentIntent(e.Object));
        Assert.False(e.Object.TryGetProperty("invoice", out _), "a clover payment intent has no 'invoice'");
        Assert.Equal("replace_payment_method--Invoice.create.2.json", e.Object.String("payment_details", "order_reference"));
        Assert.Equal(JsonValueKind.String, e.Object.GetProperty("latest_charge").ValueKind);
    }

    // ---- payment methods --------------------------------------------------------------------------------------

    [Fact]
    public void An_attached_payment_method_is_not_a_new_card()
    {
        // Fixture: payment_method.attached.sync-engine.json. Only a new default (customer.updated) or the card updater retries
        // (docs/decisions/006-which-card-change-retries.md).
        Assert.Empty(Mapper.Map(RealPayloads.Event("payment_method.attached.sync-engine.json")).Messages);
    }

    [Fact]
    public void Card_updater_event_is_payment_method_updated_with_the_new_card_each_time()
    {
        // Fixture: payment_method.automatically_updated.sync-engine.json (ids and fingerprints partly redacted by its source).
        var e = RealPayloads.Event("payment_method.automatically_updated.sync-engine.json");

        var outgoing = Assert.Single(Mapper.Map(e).Messages);

        var updated = Assert.IsType<PaymentMethodUpdated>(outgoing.Message);
        Assert.Equal(("cus_Mt3...", "pm_1M9HtjJDP...", "mastercard", "VQdT..."),
            (updated.CustomerId, updated.PaymentMethodId, updated.CardBrand, updated.CardFingerprint));
        Assert.Equal(Facts.DefaultPaymentMethod("pm_1M9HtjJDP...") + ":" + e.Id, outgoing.Fact);
        Assert.True(e.PreviousAttributes!.Value.TryGetProperty("card", out _), "the old card is in previous_attributes.card");
    }

    [Fact]
    public void Customer_update_that_changed_only_the_email_publishes_nothing()
    {
        // Fixture: customer.updated.email-only.sync-engine.json: the customer has a default payment method and
        // preferred_locales, but previous_attributes names only 'email'.
        var e = RealPayloads.Event("customer.updated.email-only.sync-engine.json");

        Assert.Equal("pm_1IfHHPJDPojXS6LNltyTwn3a", e.Object.String("invoice_settings", "default_payment_method"));
        Assert.Empty(Mapper.Map(e).Messages);
    }

    // ---- subscriptions ----------------------------------------------------------------------------------------

    [Fact]
    public void Created_subscription_is_subscription_started_at_its_start_date()
    {
        // Fixture: customer.subscription.created.sync-engine.json.
        var outgoing = Assert.Single(Mapper.Map(RealPayloads.Event("customer.subscription.created.sync-engine.json")).Messages);

        var started = Assert.IsType<SubscriptionStarted>(outgoing.Message);
        Assert.Equal(("evt_1J02NfJDPojXS6LNawmt1X8q", "sub_JdIzvfy6o5GZRd", "cus_IhGfebO16cMIGN", "active"),
            (started.SourceEventId, started.SubscriptionId, started.CustomerId, started.Status));
        Assert.Equal(Unix(1623148918), started.StartedAt);
        Assert.Equal((Facts.SubscriptionStarted, true), (outgoing.Fact, outgoing.Once));
    }

    [Fact]
    public void Deleted_subscription_is_subscription_canceled_at_ended_at_without_a_reason_before_cancellation_details()
    {
        // Fixture: customer.subscription.deleted.sync-engine.json (API 2020-03-02: no cancellation_details yet).
        var outgoing = Assert.Single(Mapper.Map(RealPayloads.Event("customer.subscription.deleted.sync-engine.json")).Messages);

        var canceled = Assert.IsType<SubscriptionCanceled>(outgoing.Message);
        Assert.Equal(("evt_1J02QdJDPojXS6LNnOJB09Xb", "sub_JdIzvfy6o5GZRd", "cus_IhGfebO16cMIGN"),
            (canceled.SourceEventId, canceled.SubscriptionId, canceled.CustomerId));
        Assert.Null(canceled.Reason);
        Assert.False(canceled.ForNonPayment);
        Assert.Equal(Unix(1623149102), canceled.CanceledAt);
        Assert.Equal((Facts.SubscriptionCanceled, true), (outgoing.Fact, outgoing.Once));
    }

    [Fact]
    public void Deleted_subscription_is_subscription_canceled_with_stripes_cancellation_reason()
    {
        // Fixture: customer.subscription.deleted.object.trigger.json (API 2022-11-15; data.object only): cancellation_details.reason.
        var e = RealPayloads.ObjectOnly(
            "customer.subscription.deleted.object.trigger.json", "evt_trigger_sub_deleted", "customer.subscription.deleted", created: 1690474299);

        var canceled = Assert.IsType<SubscriptionCanceled>(Assert.Single(Mapper.Map(e).Messages).Message);

        Assert.Equal(("sub_1NYWmqI0XSgju2urM6J7U81g", "cus_OLDDzu7ZE2wLZB", "cancellation_requested"),
            (canceled.SubscriptionId, canceled.CustomerId, canceled.Reason));
        Assert.False(canceled.ForNonPayment);
        Assert.Equal(Unix(1690474298), canceled.CanceledAt);
    }

    [Fact]
    public void Subscription_update_that_changed_only_metadata_publishes_nothing()
    {
        // Fixture: customer.subscription.updated.sync-engine.json (previous_attributes: metadata only).
        Assert.Empty(Mapper.Map(RealPayloads.Event("customer.subscription.updated.sync-engine.json")).Messages);
    }
}
