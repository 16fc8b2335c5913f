namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>Names of the facts kept in <c>webhook.known_facts</c>.</summary>
public static class Facts
{
    public const string InvoicePaid = "invoice.paid";
    public const string InvoiceVoided = "invoice.voided";
    public const string InvoiceUncollectible = "invoice.uncollectible";
    public const string InvoiceFailed = "invoice.payment_failed";
    public const string InvoiceActionRequired = "invoice.action_required";
    public const string SubscriptionStarted = "subscription.started";
    public const string SubscriptionCanceled = "subscription.canceled";
    public const string SubscriptionRenewal = "subscription.renewal";
    public const string CustomerLocales = "customer.locales";

    public static string DefaultPaymentMethod(string paymentMethodId) => $"payment_method:{paymentMethodId}";
}
