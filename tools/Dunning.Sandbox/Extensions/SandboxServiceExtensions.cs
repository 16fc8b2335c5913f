using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Generator;
using Dunning.Sandbox.Webhooks;

namespace Dunning.Sandbox.Extensions;

public static class SandboxServiceExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:12111";

    /// <summary>Binds to 127.0.0.1:12111 unless --urls / ASPNETCORE_URLS / "urls" says otherwise.</summary>
    public static void UseSandboxDefaultUrl(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    public static void AddSandboxServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SandboxOptions>().BindConfiguration("Sandbox")
            .Validate(o => o.Webhooks.Concurrency >= 1, "Sandbox:Webhooks:Concurrency must be at least 1 (deliveries in flight per endpoint)")
            .Validate(o => o.SmartRetries.Tries >= 1 && o.SmartRetries.WindowDays > 0, "Sandbox:SmartRetries needs Tries >= 1 and WindowDays > 0")
            .Validate(o => o.SmartRetries.FinalStatus is "past_due" or "unpaid" or "canceled",
                "Sandbox:SmartRetries:FinalStatus must be past_due, unpaid or canceled")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // No request logging handlers on the deliveries' client: a log scope per delivery is CPU taken from the services
        // under drill, and the sandbox records every delivery itself (/sandbox/record/webhooks).
        services.AddHttpClient(WebhookSender.HttpClientName).RemoveAllLoggers();
        services.AddHttpClient(GeneratorRunner.HttpClientName);

        services.AddSingleton<StripeStore>();
        services.AddSingleton<SandboxClock>();
        services.AddSingleton<SandboxRecord>();
        services.AddSingleton<FaultMode>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<Expander>();
        services.AddSingleton<Customers>();
        services.AddSingleton<PaymentMethods>();
        services.AddSingleton<CardUpdater>();
        services.AddSingleton<Prices>();
        services.AddSingleton<Invoices>();
        services.AddSingleton<PaymentIntents>();
        services.AddSingleton<InvoicePayer>();
        services.AddSingleton<SmartRetries>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<Renewals>();
        services.AddSingleton<TestClocks>();
        services.AddSingleton<StripeApi>();
        services.AddSingleton<Endpoints.InvoicePayCall>();

        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookHold>();
        services.AddHostedService<WebhookDispatcher>();

        services.AddSingleton<GeneratorRunner>();
    }

    public static void UseSandboxPipeline(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1"), api =>
        {
            api.UseMiddleware<ApiKeyMiddleware>();
            api.UseMiddleware<FaultMiddleware>();
            api.UseMiddleware<IdempotencyMiddleware>();
            api.UseMiddleware<ServerErrorFaultMiddleware>();
        });
    }
}
