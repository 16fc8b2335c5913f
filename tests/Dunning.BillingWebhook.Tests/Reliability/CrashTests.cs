using System.Collections.Concurrent;
using System.Net;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Platform.Outbox;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Reliability;

public sealed class CrashTests : IAsyncLifetime
{
    private const int EventCount = 400;
    private const int Concurrency = 16;
    private WebhookService _service = null!;
    private PublishedMessages _published = null!;

    public async Task InitializeAsync()
    {
        _service = await WebhookService.StartAsync();
        _published = await PublishedMessages.ListenAsync(_service.VirtualHost);
    }

    public async Task DisposeAsync()
    {
        await _published.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Every_event_answered_2xx_before_a_kill_9_is_published_exactly_once_after_restart()
    {
        var acknowledged = new ConcurrentBag<string>();
        var load = PostConcurrentlyAsync(acknowledged);
        await Eventually.HoldsAsync(() => acknowledged.Count >= EventCount / 4, TimeSpan.FromSeconds(30), "a quarter of the events are acknowledged");
        _service.Process.Kill();
        await load;
        Assert.InRange(acknowledged.Count, EventCount / 4, EventCount - 1);

        await _service.RestartAsync();

        var expected = acknowledged.Select(id => MessageIds.For(typeof(Dunning.Contracts.PaymentFailed), id)).ToHashSet();
        await Eventually.HoldsAsync(() => expected.IsSubsetOf(_published.PaymentFailed.Select(p => p.MessageId)), TimeSpan.FromSeconds(30),
            $"all {expected.Count} acknowledged events are published");
        // Committed events that were never acknowledged (the kill came first) are published too, after their decline look-up.
        await Eventually.HoldsAsync(async () => await _service.Database.CountAsync("SELECT count(*) FROM webhook.due_jobs") == 0, TimeSpan.FromSeconds(30),
            "every decline look-up has published its failure");
        await Eventually.HoldsAsync(async () => await _service.OutboxCountAsync("sent_at IS NULL") == 0, TimeSpan.FromSeconds(30), "the outbox is drained");
        var received = _published.PaymentFailed.ToList();
        Assert.All(received, r => Assert.Equal(MessageIds.For(r.Message), r.MessageId));
        var committed = await _service.Database.CountAsync("SELECT count(*) FROM webhook.stripe_events");
        Assert.Equal(committed, received.Select(r => r.MessageId).Distinct().Count());
        Assert.Equal(committed, await _service.OutboxCountAsync());
    }

    private async Task PostConcurrentlyAsync(ConcurrentBag<string> acknowledged)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < EventCount)
            {
                var id = $"evt_load_{i}";
                try
                {
                    var response = await _service.Client.PostAsync(Events.Envelope(id, "invoice.payment_failed", Events.Invoice($"in_load_{i}")));
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                }
                catch (HttpRequestException)
                {
                    return; // the process is gone: the rest are never sent
                }
            }
        }));
    }
}
