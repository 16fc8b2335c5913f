using System.Globalization;
using System.Net;
using Dunning.BillingWebhook.Tests.Support;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Intake;

/// <summary>
/// Refused webhook requests are counted per reason on <c>/metrics</c> (<c>dunning_webhook_rejections_total</c>, alert
/// DunningWebhookRejections); the service's outbox backlog shows there too. A real service process, scraped on its management port.
/// </summary>
public sealed class RejectionMetricsTests : IAsyncLifetime
{
    private readonly int _managementPort = ServiceProcess.FreePort();
    private WebhookService _service = null!;
    private HttpClient _management = null!;

    public async Task InitializeAsync()
    {
        _service = await WebhookService.StartAsync(new Dictionary<string, string>
        {
            ["Management__Port"] = _managementPort.ToString(CultureInfo.InvariantCulture),
            ["Telemetry__BacklogInterval"] = "00:00:00.100",
        });
        _management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };
    }

    public async Task DisposeAsync()
    {
        _management.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Each_refused_request_is_counted_under_its_reason_and_an_accepted_one_is_not()
    {
        var body = Events.Envelope("evt_counted", "invoice.payment_failed", Events.Invoice("in_counted")).ToJsonString();
        Assert.Equal(HttpStatusCode.OK, (await _service.Client.PostAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _service.Client.Http.SendAsync(WebhookClient.Request(body, signature: null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _service.Client.PostAsync(body, StripeSignature.Header(body, "whsec_forged"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _service.Client.PostAsync("{\"not\": \"an event\"}")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _service.Client.PostAsync(new string('x', 2 * 1024 * 1024))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _service.Client.Http.GetAsync("/webhooks/stripe")).StatusCode);

        var scrape = await _management.GetStringAsync("/metrics");

        Assert.Equal(2, Value(scrape, "dunning_webhook_rejections_total", "reason=\"signature\""));
        Assert.Equal(1, Value(scrape, "dunning_webhook_rejections_total", "reason=\"parse\""));
        Assert.Equal(1, Value(scrape, "dunning_webhook_rejections_total", "reason=\"too_large\""));
        Assert.Equal(1, Value(scrape, "dunning_webhook_rejections_total", "reason=\"method\""));
    }

    [Fact]
    public async Task The_outbox_backlog_of_the_webhook_service_is_on_metrics()
    {
        await Eventually.HoldsAsync(async () => Value(await _management.GetStringAsync("/metrics"), "dunning_outbox_backlog", "service=\"webhook\"") == 0,
            TimeSpan.FromSeconds(20), "the webhook's outbox backlog is reported, empty");
    }

    private static double? Value(string scrape, string name, string label)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
