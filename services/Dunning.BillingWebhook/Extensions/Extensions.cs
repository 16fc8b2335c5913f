using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.Domain;
using Dunning.Platform;

namespace Dunning.BillingWebhook.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddBillingWebhookServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("webhook", typeof(Extensions).Assembly, _ => { /* publishes only */ });
        builder.Services.AddSingleton<StripeSignatureVerifier>();
        builder.Services.AddSingleton<StripeEventMapper>();
        builder.Services.AddSingleton<KnownFacts>();
        builder.Services.AddSingleton<DeclineMemory>();
        builder.Services.AddSingleton<DeclineCompletion>();
        builder.Services.AddSingleton<StripeEventStore>();
        builder.Services.AddSingleton<StripeEventLog>();
        builder.Services.AddSingleton<EventReplayer>();
        return builder;
    }
}
