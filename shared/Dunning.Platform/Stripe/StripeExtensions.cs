using global::Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Dunning.Platform.Stripe;

public static class StripeExtensions
{
    /// <summary>
    /// Registers the Stripe.net client (<see cref="IStripeClient"/>, base URL and key from <c>Stripe</c> settings:
    /// real Stripe or the sandbox, nothing else differs) and <see cref="StripeCalls"/>, which runs calls through the Polly pipeline.
    /// </summary>
    public static IHostApplicationBuilder AddDunningStripe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(StripeResilience.PipelineName);
        builder.Services.AddSingleton<IStripeClient>(services =>
        {
            var options = services.GetRequiredService<IOptions<StripeOptions>>().Value;
            return NewClient(options, services.GetRequiredService<IHttpClientFactory>().CreateClient(StripeResilience.PipelineName));
        });
        builder.Services.AddSingleton<StripeBreakerState>();
        builder.Services.AddSingleton(services => StripeResilience.Build(services.GetRequiredService<IOptions<StripeOptions>>().Value,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<StripeBreakerState>()));
        builder.Services.AddSingleton<StripeCalls>();
        return builder;
    }

    /// <summary>
    /// Stripe calls for a command-line tool (the policy lab's import), outside a service host: the same client and pipeline as the
    /// services, with no breaker figures (nothing scrapes a tool).
    /// </summary>
    public static StripeCalls NewCalls(StripeOptions options, TimeProvider clock) =>
        new(NewClient(options, new HttpClient()), StripeResilience.Build(options, clock));

    /// <summary>The Stripe.net client on <paramref name="http"/>: Stripe.net never retries itself, the pipeline does.</summary>
    private static StripeClient NewClient(StripeOptions options, HttpClient http)
    {
        http.Timeout = Timeout.InfiniteTimeSpan; // Polly's timeout rules
        return new StripeClient(options.ApiKey, httpClient: new SystemNetHttpClient(http, maxNetworkRetries: 0), apiBase: options.ApiBase);
    }
}
