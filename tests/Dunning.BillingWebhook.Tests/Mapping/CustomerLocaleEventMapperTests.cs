using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Contracts;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class CustomerLocaleEventMapperTests
{
    [Fact]
    public void Created_customer_tells_its_preferred_locales_even_when_it_has_none()
    {
        var withLocales = StripeFixtures.Resource("customer");
        withLocales["preferred_locales"] = new JsonArray("nl-BE", "en");

        var told = Locales(CustomerLocaleEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "customer.created", withLocales))));
        var none = Locales(CustomerLocaleEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "customer.created", StripeFixtures.Resource("customer")))));

        Assert.Equal("cus_QXg1o8vcGmoR32", told.CustomerId);
        Assert.Equal(["nl-BE", "en"], told.PreferredLocales);
        Assert.Empty(none.PreferredLocales);
    }

    [Fact]
    public void Customer_update_tells_the_locales_only_when_it_changed_them()
    {
        var customer = StripeFixtures.Resource("customer");
        customer["preferred_locales"] = new JsonArray("ro");

        var changed = CustomerLocaleEventMapper.Map(Events.Parse(Events.Envelope("evt_3", "customer.updated", customer,
            previous: new JsonObject { ["preferred_locales"] = new JsonArray() })));
        var unchanged = CustomerLocaleEventMapper.Map(Events.Parse(Events.Envelope("evt_4", "customer.updated", (JsonObject)customer.DeepClone(),
            previous: new JsonObject { ["email"] = "old@example.com" })));

        Assert.Equal(["ro"], Locales(changed).PreferredLocales);
        Assert.Empty(unchanged.Messages);
    }

    [Fact]
    public void Customer_update_of_card_and_languages_at_once_means_both()
    {
        var customer = StripeFixtures.Resource("customer");
        customer["invoice_settings"]!["default_payment_method"] = "pm_new";
        customer["preferred_locales"] = new JsonArray("nl");
        var previous = new JsonObject
        {
            ["invoice_settings"] = new JsonObject { ["default_payment_method"] = "pm_old" },
            ["preferred_locales"] = new JsonArray("en"),
        };

        var mapped = new StripeEventMapper().Map(Events.Parse(Events.Envelope("evt_5", "customer.updated", customer, previous: previous)));

        Assert.Equal([typeof(PaymentMethodUpdated), typeof(CustomerLocalesChanged)], mapped.Messages.Select(m => m.Message.GetType()));
    }

    private static CustomerLocalesChanged Locales(MappedEvent mapped) => Assert.IsType<CustomerLocalesChanged>(Assert.Single(mapped.Messages).Message);
}
