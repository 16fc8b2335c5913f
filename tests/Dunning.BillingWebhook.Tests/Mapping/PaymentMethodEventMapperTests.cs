using Dunning.BillingWebhook.Domain;
using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class PaymentMethodEventMapperTests
{
    [Fact]
    public void Customer_with_a_new_default_payment_method_is_payment_method_updated()
    {
        var customer = StripeFixtures.Resource("customer");
        customer["invoice_settings"]!["default_payment_method"] = "pm_new";
        var previous = new JsonObject { ["invoice_settings"] = new JsonObject { ["default_payment_method"] = "pm_old" } };

        var mapped = PaymentMethodEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "customer.updated", customer, previous: previous)));
        var updated = Assert.IsType<PaymentMethodUpdated>(Assert.Single(mapped.Messages).Message);

        Assert.Equal(("cus_QXg1o8vcGmoR32", "pm_new"), (updated.CustomerId, updated.PaymentMethodId));
    }

    [Fact]
    public void Customer_update_that_did_not_change_the_default_payment_method_publishes_nothing()
    {
        var customer = StripeFixtures.Resource("customer");
        customer["invoice_settings"]!["default_payment_method"] = "pm_same";

        var previous = new JsonObject { ["email"] = "old@example.com" };
        var mapped = PaymentMethodEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "customer.updated", customer, previous: previous)));

        Assert.Empty(mapped.Messages);
    }

    [Fact]
    public void Card_refreshed_by_the_card_updater_is_payment_method_updated_with_brand_and_fingerprint()
    {
        var method = StripeFixtures.Resource("payment_method");
        method["customer"] = "cus_1";

        var updated = Assert.IsType<PaymentMethodUpdated>(Assert.Single(PaymentMethodEventMapper.Map(
            Events.Parse(Events.Envelope("evt_3", "payment_method.automatically_updated", method))).Messages).Message);

        Assert.Equal(("cus_1", "pm_1Pgc75B7WZ01zgkWlHVgdEGJ", "visa", "AOB934RVNwzk6xtn", true),
            (updated.CustomerId, updated.PaymentMethodId, updated.CardBrand, updated.CardFingerprint, updated.ByCardUpdater));
    }

    [Fact]
    public void A_card_only_attached_is_not_a_new_card()
    {
        var method = StripeFixtures.Resource("payment_method");
        method["customer"] = "cus_1";

        Assert.Empty(new StripeEventMapper().Map(Events.Parse(Events.Envelope("evt_4", "payment_method.attached", method))).Messages);
    }

    [Fact]
    public void Payment_method_without_a_customer_publishes_nothing() =>
        Assert.Empty(PaymentMethodEventMapper.Map(
            Events.Parse(Events.Envelope("evt_4", "payment_method.automatically_updated", StripeFixtures.Resource("payment_method")))).Messages);
}
