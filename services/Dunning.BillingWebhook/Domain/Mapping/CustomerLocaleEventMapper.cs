using System.Text.Json;
using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// A customer's preferred languages: every <c>customer.created</c>, and a <c>customer.updated</c> whose
/// <c>previous_attributes</c> name <c>preferred_locales</c>. Published each time (not once): the newest by event time wins downstream.
/// </summary>
public static class CustomerLocaleEventMapper
{
    public static MappedEvent Map(StripeEvent e)
    {
        if (e.Object.String("id") is not { } customerId
            || e.Object.At("preferred_locales") is not { ValueKind: JsonValueKind.Array } locales
            || (e.Type == "customer.updated" && e.PreviousAttributes?.TryGetProperty("preferred_locales", out _) != true))
            return MappedEvent.Nothing;
        var preferred = locales.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList();
        return new([new Outgoing(new CustomerLocalesChanged(e.Id, customerId, preferred, e.Created), customerId, Facts.CustomerLocales, false)]);
    }
}
