using System.Net;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Reliability;

public sealed class BrokerOutageTests : IAsyncLifetime
{
    private readonly TcpForwarder _broker = new(ServiceProcess.FreePort(), TestEnvironment.RabbitHost, 5672);
    private WebhookService _service = null!;
    private PublishedMessages _published = null!;

    public async Task InitializeAsync()
    {
        _broker.Start();
        _service = await WebhookService.StartAsync(new Dictionary<string, string> { ["RabbitMq__Port"] = _broker.Port.ToString() });
        _published = await PublishedMessages.ListenAsync(_service.VirtualHost);
    }

    public async Task DisposeAsync()
    {
        await _published.DisposeAsync();
        await _service.DisposeAsync();
        _broker.Dispose();
    }

    [Fact]
    public async Task Intake_answers_200_while_rabbitmq_is_unreachable_and_everything_drains_when_it_is_back()
    {
        _broker.Stop();

        for (var i = 0; i < 20; i++)
        {
            var response = await _service.Client.PostAsync(Events.Envelope($"evt_outage_{i}", "invoice.payment_failed", Events.Invoice($"in_outage_{i}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(20, await _service.FailuresRecordedAsync("evt_outage_%"));

        _broker.Start();

        await Eventually.HoldsAsync(() => _published.PaymentFailed.Select(p => p.Message.SourceEventId).Distinct().Count() == 20,
            TimeSpan.FromSeconds(45), "all 20 messages arrive once RabbitMQ is reachable again");
        await Eventually.HoldsAsync(async () => await _service.OutboxCountAsync("sent_at IS NULL") == 0, TimeSpan.FromSeconds(10), "the outbox is drained");
    }
}
