using Dunning.Platform;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Consumers;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Experiments;
using Dunning.RetryScheduler.Jobs;
using MassTransit;

namespace Dunning.RetryScheduler.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddRetrySchedulerServices(this IHostApplicationBuilder builder)
    {
        builder.AddDunningPlatform("scheduler", typeof(Extensions).Assembly, AddConsumers);
        builder.AddDunningStripe();
        builder.Services.AddOptions<RetryPolicyOptions>().BindConfiguration("RetryPolicy")
            .Validate(p => RetryPolicyChecks.Problems(p).Count == 0,
                "RetryPolicy: MaxAttempts, Window, every network limit and period must be positive, MinSpacing and every fee zero or more")
            .Validate(p => p.Timing != RetryTiming.Learned || p.LearnedModel is { Length: > 0 },
                "RetryPolicy: Timing Learned needs RetryPolicy:LearnedModel, the model file that scripts/lab.sh backtest --save-model writes")
            .Validate(p => p.LearnedModel is not { Length: > 0 } path || LearnedTimingModel.Loads(path),
                "RetryPolicy:LearnedModel is no model this service can read: give the path of the zip that scripts/lab.sh backtest --save-model wrote")
            .ValidateOnStart();
        builder.Services.AddSingleton<LearnedTimingModel>();
        builder.Services.AddSingleton<CaseStore>();
        builder.Services.AddSingleton<CaseTimeline>();
        builder.Services.AddSingleton<CaseActionLog>();
        builder.Services.AddSingleton<SettledInvoices>();
        builder.Services.AddSingleton<CardHolds>();
        builder.Services.AddSingleton<ExperimentStore>();
        builder.Services.AddSingleton<ArmPolicies>();
        builder.Services.AddSingleton<CaseRepository>();
        builder.Services.AddSingleton<CaseClock>();
        builder.Services.AddSingleton<CaseCommands>();
        builder.Services.AddSingleton<PayCallPacer>();
        builder.Services.AddSingleton<InvoicePayer>();
        builder.Services.AddSingleton<InvoiceStatusReader>();
        builder.Services.AddSingleton<NewCardReader>();
        builder.Services.AddSingleton<BackupCardFinder>();
        builder.Services.AddSingleton<IDueJobHandler, RetryJobHandler>();
        builder.Services.AddSingleton<IDueJobHandler, FinalActionJobHandler>();
        builder.Services.AddSingleton<IDueJobHandler, DefaultCardJobHandler>();
        builder.Services.AddSingleton<IDueJobHandler, PaymentOriginJobHandler>();
        builder.AddDueJobs();
        return builder;
    }

    /// <summary>Every message this service consumes, in one place.</summary>
    private static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PaymentFailedConsumer>();
        bus.AddConsumer<PaymentSucceededConsumer>();
        bus.AddConsumer<PaymentMethodUpdatedConsumer>();
        bus.AddConsumer<SubscriptionCanceledConsumer>();
        bus.AddConsumer<InvoiceVoidedConsumer>();
        bus.AddConsumer<InvoiceMarkedUncollectibleConsumer>();
        bus.AddConsumer<TestClockAdvancedConsumer>();
    }
}
