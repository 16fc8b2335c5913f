using Dunning.Platform.Security;
using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.DeclineLookup;
using Dunning.BillingWebhook.Domain;
using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Retention;
using Dunning.Platform.Stripe;

namespace Dunning.BillingWebhook.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddBillingWebhookServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("webhook", typeof(Extensions).Assembly, _ => { /* publishes only */ });
        builder.Services.AddSingleton<StripeSignatureVerifier>();
        builder.Services.AddSingleton<StripeEventMapper>();
        builder.Services.AddSingleton<KnownFacts>();
        builder.Services.AddSingleton<StripeEventStore>();
        builder.Services.AddSingleton<StripeEventLog>();
        builder.Services.AddSingleton<EventReplayer>();
        builder.AddRetentionPurge(StripePayloadRetention.Purge);
        // Only this service checks Stripe's signatures: a shipped secret here lets anyone forge events (and emails).
        builder.Services.AddOptions<StripeOptions>().ValidateSecrets(o => o.WebhookSecrets.Count == 0
            ? [("Stripe:WebhookSecrets:0", null)]
            : o.WebhookSecrets.Select((secret, i) => ($"Stripe:WebhookSecrets:{i}", (string?)secret)));
        builder.Services.AddSingleton<DeclineMemory>();
        builder.AddDeclineLookup();
        return builder;
    }

    /// <summary>Decline details fetched from Stripe (Polly-guarded client) by a durable due job.</summary>
    private static void AddDeclineLookup(this IHostApplicationBuilder builder)
    {
        builder.AddDunningStripe();
        builder.Services.AddOptions<DeclineLookupOptions>().BindConfiguration("DeclineLookup");
        builder.Services.AddSingleton<StripeDeclineSource>();
        builder.Services.AddSingleton<IDueJobHandler, DeclineLookupJob>();
        builder.AddDueJobs();
    }
}
