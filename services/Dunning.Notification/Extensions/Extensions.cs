using Dunning.Notification.Banner;
using Dunning.Notification.BusinessWebhooks;
using Dunning.Platform.Security;
using Dunning.Notification.Consumers;
using Dunning.Notification.Content;
using Dunning.Notification.Data;
using Dunning.Notification.Endpoints;
using Dunning.Notification.ExpiringCards;
using Dunning.Notification.Sending;
using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        var expiringCards = builder.Configuration.GetSection(ExpiringCardOptions.Section).Get<ExpiringCardOptions>()?.Enabled == true;
        builder.AddDunningPlatform("notification", typeof(Extensions).Assembly, bus => AddConsumers(bus, expiringCards));
        builder.AddDunningStripe();
        builder.Services.AddNotificationOptions();

        builder.Services.AddSingleton<CaseStore>();
        builder.Services.AddSingleton<SentEmailStore>();
        builder.Services.AddSingleton<EmailCandidateStore>();
        builder.Services.AddSingleton<SuppressionStore>();
        builder.Services.AddSingleton<CustomerLocaleStore>();
        builder.Services.AddSingleton<EmailSchedule>();
        builder.Services.AddSingleton<TemplateRenderer>();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        builder.Services.AddSingleton<EmailContent>();
        builder.Services.AddSingleton<CustomerLocaleResolver>();
        builder.Services.AddSingleton<FixLinkResolver>();
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<SmtpSender>();
        builder.Services.AddSingleton<SendingMetrics>();
        builder.Services.AddSingleton<HandOffMarks>();
        builder.Services.AddSingleton<SmtpHandOff>();
        builder.Services.AddSingleton<AcceptedEmails>();
        builder.Services.AddSingleton<IDueJobHandler, EmailJobHandler>();
        builder.AddExpiringCardReminders();
        builder.AddBusinessWebhooks();
        builder.AddPaymentBanner();
        builder.AddDueJobs();
        return builder;
    }

    /// <summary>
    /// The <c>Notification</c> and <c>Smtp</c> sections, checked at start: safe unsubscribe secrets outside Development, a usable
    /// public address, no retired SMTP setting.
    /// </summary>
    public static IServiceCollection AddNotificationOptions(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Smtp").Validate(o => o.UseTls is null, SmtpOptions.UseTlsRetired).ValidateOnStart();
        services.AddOptions<NotificationOptions>().BindConfiguration("Notification").ValidateSecrets(o => o.UnsubscribeSecretSettings());
        services.AddSingleton<IValidateOptions<NotificationOptions>, PublicBaseUrlValidation>();
        return services;
    }

    /// <summary>
    /// Webhooks to the business's own application (off without <c>BusinessWebhooks:Url</c>), the grace-ending job, and the
    /// customer standing they share with the API.
    /// </summary>
    private static void AddBusinessWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BusinessWebhookOptions>().BindConfiguration(BusinessWebhookOptions.Section)
            .Validate(o => o.UrlIsUsable(), BusinessWebhookOptions.UrlRule).ValidateSecrets(o => o.SecretSettings());
        builder.Services.AddHttpClient(BusinessWebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false }); // as Stripe: a redirect is not a delivery
        builder.Services.AddSingleton<StandingStore>();
        builder.Services.AddSingleton<BusinessWebhookLog>();
        builder.Services.AddSingleton<BusinessWebhookQueue>();
        builder.Services.AddSingleton<GraceEndingJob>();
        builder.Services.AddSingleton<IDueJobHandler>(services => services.GetRequiredService<GraceEndingJob>());
        builder.Services.AddSingleton<IDueJobHandler, BusinessWebhookSender>();
    }

    /// <summary>Expiring-card reminders (off without <c>ExpiringCards:Enabled</c>) and the check at the renewal they warned of.</summary>
    private static void AddExpiringCardReminders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExpiringCardOptions>().BindConfiguration(ExpiringCardOptions.Section)
            .Validate(o => o.UrlIsUsable(), ExpiringCardOptions.UrlRule).ValidateOnStart();
        builder.Services.AddSingleton<CardReminderStore>();
        builder.Services.AddSingleton<SubscriptionRenewalReader>();
        builder.Services.AddSingleton<ExpiringCardJob>();
        builder.Services.AddSingleton<IDueJobHandler>(services => services.GetRequiredService<ExpiringCardJob>());
        builder.Services.AddSingleton<IDueJobHandler, CardReplacedCheckJob>();
    }

    /// <summary>The in-app payment banner (off without <c>Banner:Secrets</c>): its tokens and the origins that may read it.</summary>
    private static void AddPaymentBanner(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BannerOptions>().BindConfiguration(BannerOptions.Section)
            .Validate(o => o.OriginsAreUsable(), BannerOptions.OriginsRule).ValidateSecrets(o => o.SecretSettings());
        builder.Services.AddSingleton<BannerTokens>();
        var origins = builder.Configuration.GetSection(BannerOptions.Section).Get<BannerOptions>()?.AllowedOrigins ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(BannerEndpoints.CorsPolicy, policy => policy.WithOrigins([.. origins]).WithMethods("GET")));
    }

    /// <summary>
    /// Every message this service consumes, in one place. Subscription renewals only with expiring-card reminders on: without a
    /// consumer their queue is not bound, and the broker drops them instead of this service storing one inbox row per renewal.
    /// </summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus, bool expiringCards)
    {
        if (expiringCards) bus.AddConsumer<SubscriptionRenewalPlannedConsumer>();
        bus.AddConsumer<PaymentFailedConsumer>();
        bus.AddConsumer<PaymentActionRequiredConsumer>();
        bus.AddConsumer<RetryScheduledConsumer>();
        bus.AddConsumer<PaymentRecoveredConsumer>();
        bus.AddConsumer<RevenueLostConsumer>();
        bus.AddConsumer<SubscriptionCanceledConsumer>();
        bus.AddConsumer<CustomerLocalesChangedConsumer>();
        bus.AddConsumer<TestClockAdvancedConsumer>();
        bus.AddConsumer<RetryAttemptedConsumer>();
    }
}
