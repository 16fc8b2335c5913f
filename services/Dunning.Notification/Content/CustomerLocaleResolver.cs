using Dunning.Notification.Domain;
using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.Notification.Content;

/// <summary>The customer's language from Stripe's <c>preferred_locales</c>; <c>en</c> when Stripe cannot tell us (an email in English beats no email).</summary>
public sealed partial class CustomerLocaleResolver(StripeCalls stripe, ILogger<CustomerLocaleResolver> logger)
{
    /// <summary>The locale, and whether it came from Stripe (worth remembering) or is the fallback.</summary>
    public async Task<(string Locale, bool Known)> ResolveAsync(string customerId, CancellationToken cancellationToken)
    {
        try
        {
            var customer = await stripe.RunAsync((client, ct) => new CustomerService(client).GetAsync(customerId, null, null, ct), cancellationToken);
            return (Locales.Choose(customer.PreferredLocales), true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFallback(exception, customerId);
            return (Locales.Fallback, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read preferred locales of customer {CustomerId} from Stripe; writing in English")]
    private partial void LogFallback(Exception exception, string customerId);
}
