#:package MassTransit.RabbitMQ
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// Publishes N PaymentFailed messages (MassTransit envelopes, as the webhook's outbox relay does) for the consumer benchmark.
// Usage: dotnet run Publisher.cs -- <rabbit host> <virtual host> <count>
using Dunning.Contracts;
using MassTransit;

var (host, vhost, count) = (args[0], args[1], int.Parse(args[2]));
var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(host, vhost, h => { h.Username("guest"); h.Password("guest"); }));
await bus.StartAsync();
var started = DateTime.UtcNow;
for (var batch = 0; batch < count; batch += 500)
{
    await Task.WhenAll(Enumerable.Range(batch, Math.Min(500, count - batch)).Select(i => bus.Publish(new PaymentFailed(
        $"evt_bench_{i}", $"in_bench_{i}", $"cus_bench_{i}", $"sub_bench_{i}", null, 1000 + i % 5000, (i % 3) switch { 0 => "usd", 1 => "eur", _ => "gbp" }, 1,
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
