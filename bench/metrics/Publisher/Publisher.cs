#:package MassTransit.RabbitMQ
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// The consumer benchmark's load and its no-op reference.
//   publish <rabbit host> <virtual host> <count> <round>: N PaymentFailed (MassTransit envelopes, as the webhook's outbox relay
//     does) for invoices in_bench_<round>_<i>, so every round opens new ledger rows.
//   drain <rabbit host> <virtual host> <count> <prefetch>: a no-op consumer on its own queue (bound like the service's, so it gets
//     a copy of every published message) drains <count> messages; prints its rate from the first message to the last.
//     With count 0 it only declares and binds the queue.
using System.Diagnostics;
using Dunning.Contracts;
using MassTransit;

var (mode, host, vhost, count) = (args[0], args[1], args[2], int.Parse(args[3]));
if (mode == "drain")
{
    var prefetch = int.Parse(args[4]);
    var handled = 0;
    long first = 0, last = 0;
    var done = new TaskCompletionSource();
    var consumer = Bus.Factory.CreateUsingRabbitMq(cfg =>
    {
        cfg.Host(host, vhost, h => { h.Username("guest"); h.Password("guest"); });
        cfg.ReceiveEndpoint("metrics-bench-noop", e =>
        {
            e.PrefetchCount = prefetch;
            e.Handler<PaymentFailed>(_ =>
            {
                var n = Interlocked.Increment(ref handled);
                if (n == 1) first = Stopwatch.GetTimestamp();
                if (n == count) { last = Stopwatch.GetTimestamp(); done.TrySetResult(); }
                return Task.CompletedTask;
            });
        });
    });
    await consumer.StartAsync();
    if (count > 0)
    {
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        Console.WriteLine($"{(count - 1) / Stopwatch.GetElapsedTime(first, last).TotalSeconds:0}");
    }
    await consumer.StopAsync();
    return;
}

var round = args[4];
var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(host, vhost, h => { h.Username("guest"); h.Password("guest"); }));
await bus.StartAsync();
var started = DateTime.UtcNow;
for (var batch = 0; batch < count; batch += 500)
{
    await Task.WhenAll(Enumerable.Range(batch, Math.Min(500, count - batch)).Select(i => bus.Publish(new PaymentFailed(
        $"evt_bench_{round}_{i}", $"in_bench_{round}_{i}", $"cus_bench_{i}", $"sub_bench_{i}", null, 1000 + i % 5000,
        (i % 3) switch { 0 => "usd", 1 => "eur", _ => "gbp" }, 1,
        new DeclineDetails("card_declined", "insufficient_funds", null, null, null, "visa", null, null), null, null,
        DateTimeOffset.UtcNow.AddMinutes(-i % 10000)))));
}
Console.WriteLine($"published {count} in {(DateTime.UtcNow - started).TotalSeconds:0.00} s");
await bus.StopAsync();

namespace Dunning.Contracts
{
    // Same names as shared/Dunning.Contracts, so MassTransit's message URN matches (urn:message:Dunning.Contracts:PaymentFailed).
    public record DeclineDetails(string? FailureCode, string? DeclineCode, string? AdviceCode, string? NetworkDeclineCode,
        string? NetworkAdviceCode, string? CardBrand, string? CardFingerprint, string? PaymentMethodId);

    public record PaymentFailed(string SourceEventId, string InvoiceId, string CustomerId, string? SubscriptionId, string? CustomerEmail,
        long AmountMinor, string Currency, int StripeAttemptCount, DeclineDetails Decline, string? HostedInvoiceUrl,
        DateTimeOffset? StripeNextAttemptAt, DateTimeOffset OccurredAt);
}
