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
        builder.Services.AddSingleton<StripeEventStore>();
        return builder;
    }
}
