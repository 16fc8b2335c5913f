using Dunning.Notification.Domain;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stripe;

namespace Dunning.Notification.Content;

/// <summary>
/// The customer's language from Stripe's <c>preferred_locales</c>; <c>en</c> when Stripe cannot tell us (an email in English
/// beats no email). Answers from Stripe are remembered per customer for <see cref="NotificationOptions.CustomerLocaleCacheDuration"/>
/// (bounded by <see cref="NotificationOptions.CustomerLocaleCacheSize"/>), so a customer's several invoices cost one lookup.
/// </summary>
public sealed partial class CustomerLocaleResolver(StripeCalls stripe, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<CustomerLocaleResolver> logger) : IDisposable
{
    private readonly MemoryCache _known = new(new MemoryCacheOptions
    {
        SizeLimit = Math.Max(1, options.Value.CustomerLocaleCacheSize),
        Clock = new CacheClock(clock),
    });

    /// <summary>The locale, and whether it came from Stripe (worth remembering) or is the fallback.</summary>
    public async Task<(string Locale, bool Known)> ResolveAsync(string customerId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(customerId, out string? remembered)) return (remembered!, true);
        try
        {
            var customer = await stripe.RunAsync((client, ct) => new CustomerService(client).GetAsync(customerId, null, null, ct), cancellationToken);
            var locale = Locales.Choose(customer.PreferredLocales);
            Remember(customerId, locale);
            return (locale, true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFallback(exception, customerId);
            return (Locales.Fallback, false);
        }
    }

    private void Remember(string customerId, string locale)
    {
        var duration = options.Value.CustomerLocaleCacheDuration;
        if (duration > TimeSpan.Zero)
            _known.Set(customerId, locale, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = duration });
    }

    public void Dispose() => _known.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read preferred locales of customer {CustomerId} from Stripe; writing in English")]
    private partial void LogFallback(Exception exception, string customerId);

    private sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
