using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.RetryScheduler.Consumers;

/// <summary>A Stripe test clock moved: the retries, final actions and look-ups of its cases that fall due by then run.</summary>
public sealed class TestClockAdvancedConsumer(ConsumerServices services, DueJobStore jobs) : IdempotentConsumer<TestClockAdvanced>(services)
{
    protected override Task HandleAsync(TestClockAdvanced message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        jobs.AdvanceClockAsync(transaction, message.ClockId, message.FrozenTime, cancellationToken);
}
