using Dunning.BillingWebhook.Domain.Mapping;

namespace Dunning.BillingWebhook.Domain;

/// <summary>Turns a Stripe event into what it means to Dunning, by event family (nothing for types Dunning ignores).</summary>
public sealed class StripeEventMapper
{
    public MappedEvent Map(StripeEvent stripeEvent) => stripeEvent.Type switch
    {
        var t when t.StartsWith("invoice.", StringComparison.Ordinal) => InvoiceEventMapper.Map(stripeEvent),
        var t when t.StartsWith("customer.subscription.", StringComparison.Ordinal) => SubscriptionEventMapper.Map(stripeEvent),
        "customer.created" => CustomerLocaleEventMapper.Map(stripeEvent),
        "customer.updated" => PaymentMethodEventMapper.Map(stripeEvent).And(CustomerLocaleEventMapper.Map(stripeEvent)),
        "payment_method.automatically_updated" => PaymentMethodEventMapper.Map(stripeEvent),
        "payment_intent.payment_failed" => DeclineEventMapper.Map(stripeEvent),
        "test_helpers.test_clock.created" or "test_helpers.test_clock.advancing" or "test_helpers.test_clock.ready" => TestClockEventMapper.Map(stripeEvent),
        _ => MappedEvent.Nothing,
    };
}
