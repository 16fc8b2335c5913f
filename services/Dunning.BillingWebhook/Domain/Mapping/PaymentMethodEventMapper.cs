using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// A customer's new card: <c>customer.updated</c> with a new <c>invoice_settings.default_payment_method</c>, and
/// <c>payment_method.automatically_updated</c> (card updater). A card that is only attached (<c>payment_method.attached</c>)
/// is not a new card for dunning: it may be a backup, and the customer did not ask for it to be charged
/// (docs/decisions/006-which-card-change-retries.md).
/// </summary>
public static class PaymentMethodEventMapper
{
    public static MappedEvent Map(StripeEvent e) => e.Type switch
    {
        "customer.updated" => FromCustomer(e),
        "payment_method.automatically_updated" => FromCardUpdater(e),
        _ => MappedEvent.Nothing,
    };

    private static MappedEvent FromCustomer(StripeEvent e)
    {
        var customer = e.Object;
        if (customer.String("id") is not { } customerId
            || customer.String("invoice_settings", "default_payment_method") is not { } paymentMethod
            || e.PreviousAttributes is not { } previous
            || previous.At("invoice_settings") is not { } oldSettings
            || !oldSettings.TryGetProperty("default_payment_method", out _)
            || oldSettings.String("default_payment_method") == paymentMethod)
            return MappedEvent.Nothing;
        var card = customer.At("invoice_settings", "default_payment_method");
        return One(new PaymentMethodUpdated(e.Id, customerId, paymentMethod,
            card?.String("card", "brand"), card?.String("card", "fingerprint"), e.Created), customerId, paymentMethod, e.Type);
    }

    private static MappedEvent FromCardUpdater(StripeEvent e)
    {
        var method = e.Object;
        if (method.String("id") is not { } id || method.String("customer") is not { } customerId)
            return MappedEvent.Nothing;
        var updated = new PaymentMethodUpdated(e.Id, customerId, id, method.String("card", "brand"), method.String("card", "fingerprint"), e.Created,
            ByCardUpdater: true);
        return One(updated, customerId, id, e.Type);
    }

    /// <summary>Once per customer and card; the card updater may change the same card again, so each of its events counts.</summary>
    private static MappedEvent One(PaymentMethodUpdated message, string customerId, string paymentMethodId, string type)
    {
        var fact = Facts.DefaultPaymentMethod(paymentMethodId);
        if (type == "payment_method.automatically_updated") fact += ":" + message.SourceEventId;
        return new([new Outgoing(message, customerId, fact, true)]);
    }
}
