using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>The ops API against the real queues of a running metrics service.</summary>
public sealed class OpsApiTests(MetricsService service) : IClassFixture<MetricsService>
{
    private const string Queue = "metrics-payment-failed";

    [Fact]
    public async Task Queues_list_the_running_service_queues_with_their_consumers()
    {
        // The management API refreshes queue statistics every few seconds.
        await Eventually.HoldsAsync(async () =>
        {
            var queues = await service.GetJsonAsync("/api/ops/queues");
            var paymentFailed = queues.EnumerateArray().SingleOrDefault(q => q.GetProperty("name").GetString() == Queue);
            return paymentFailed.ValueKind == System.Text.Json.JsonValueKind.Object
                && paymentFailed.GetProperty("consumers").GetInt64() >= 1
                && !paymentFailed.GetProperty("isErrorQueue").GetBoolean()
                && queues.EnumerateArray().Any(q => q.GetProperty("name").GetString() == "metrics-revenue-lost");
        }, TimeSpan.FromSeconds(20), "the ops API lists metrics-payment-failed with a consumer");
    }

    [Fact]
    public async Task The_ops_page_shows_service_health_and_queues_in_a_real_browser()
    {
        // Built from text (textContent), under the strict CSP every response carries: a page that only worked through
        // innerHTML or an inline script would show nothing here.
        await Eventually.HoldsAsync(async () =>
        {
            var dom = await HeadlessChromium.DumpDomAsync(new Uri(service.Process.BaseAddress, $"/ops.html#key={MetricsService.ApiKey}"));
            return dom.Contains("● down", StringComparison.Ordinal) && dom.Contains("● healthy", StringComparison.Ordinal)
                && dom.Contains(Queue, StringComparison.Ordinal) && dom.Contains("<caption>Error queues</caption>", StringComparison.Ordinal)
                && dom.Contains("<caption>Outbox backlog</caption>", StringComparison.Ordinal) && dom.Contains("not read:", StringComparison.Ordinal)
                && dom.Contains("<caption>Due jobs</caption>", StringComparison.Ordinal)
                && dom.Contains("<caption>Open cases</caption>", StringComparison.Ordinal)
                && dom.Contains("Events not read:", StringComparison.Ordinal) && dom.Contains("Rejections not read:", StringComparison.Ordinal)
                && dom.Contains("<caption>Webhooks to your application</caption>", StringComparison.Ordinal)
                && dom.Contains("Deliveries not read: the notification service did not answer", StringComparison.Ordinal)
                && !dom.Contains(">none<", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "the ops page lists the services, their backlog, the queues, and says what it could not read");
    }

    [Fact]
    [Trait("Suite", "ForgedInput")]
    public async Task A_queue_named_with_markup_shows_on_the_ops_page_as_text()
    {
        const string forged = "<img src=x onerror=document.title='xss'>_error";
        using (var rabbit = TestVirtualHost.ManagementClient())
        {
            var queue = $"api/queues/{service.VirtualHost.Name}/{Uri.EscapeDataString(forged)}";
            (await rabbit.PutAsJsonAsync(queue, new { durable = false })).EnsureSuccessStatusCode();
        }

        var dom = "";
        await Eventually.HoldsAsync(async () =>
        {
            dom = await HeadlessChromium.DumpDomAsync(new Uri(service.Process.BaseAddress, $"/ops.html#key={MetricsService.ApiKey}"));
            return dom.Contains("_error", StringComparison.Ordinal) && dom.Contains("&lt;img", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "the ops page lists the forged queue");

        Assert.Contains("&lt;img src=x onerror=document.title='xss'&gt;_error", dom);
        Assert.DoesNotContain(forged, dom);
        Assert.DoesNotContain("<title>xss</title>", dom);
    }

    [Fact]
    public async Task A_rejected_message_lands_in_the_error_queue_and_a_redrive_brings_it_back_to_its_consumer()
    {
        var poison = Scenario.Failed("in_poison", -500, "usd", "2026-03-02T10:00:00", "insufficient_funds", "visa");
        await service.PublishAsync(poison);
        await Eventually.HoldsAsync(async () => await service.VirtualHost.QueueDepthAsync(Queue + "_error") == 1, TimeSpan.FromSeconds(30),
            "the negative amount is in the error queue");
        Assert.Equal(0, await service.Database.CountAsync("SELECT count(*) FROM metrics.ledger WHERE invoice_id = 'in_poison'"));
        await FixAmountInErrorQueueAsync();

        var response = await service.Api.PostAsync($"/api/ops/queues/{Queue}_error/redrive", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonObject>())!["moved"]!.GetValue<int>());
        const string redriven = "SELECT count(*) FROM metrics.ledger WHERE invoice_id = 'in_poison' AND amount_minor = 500";
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(redriven) == 1, TimeSpan.FromSeconds(20),
            "the re-driven message is consumed");
        await Eventually.HoldsAsync(async () => await service.VirtualHost.QueueDepthAsync(Queue + "_error") == 0, TimeSpan.FromSeconds(20),
            "the error queue is empty");
    }

    [Fact]
    public async Task Redrive_of_a_queue_that_is_not_an_error_queue_is_refused_with_a_reason()
    {
        var response = await service.Api.PostAsync($"/api/ops/queues/{Queue}/redrive", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("_error", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Service_health_lists_every_configured_service_healthy_or_not()
    {
        var services = (await service.GetJsonAsync("/api/ops/services")).EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("healthy").GetBoolean());

        Assert.Equal(new Dictionary<string, bool> { ["metrics"] = true, ["notification"] = false, ["scheduler"] = false, ["webhook"] = false }, services);
    }

    [Fact]
    public async Task The_backlog_reads_each_service_metrics_and_says_why_a_service_could_not_be_read()
    {
        var backlog = await service.GetJsonAsync("/api/ops/backlog");

        // Services whose URL is empty are left out; the webhook is configured but does not answer.
        Assert.Equal(["metrics", "webhook"], backlog.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var metrics = backlog[0];
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("error").ValueKind);
        Assert.Equal(0, metrics.GetProperty("outboxBacklog").GetInt64());
        Assert.Empty(metrics.GetProperty("dueJobs").EnumerateArray()); // the metrics service runs no due jobs
        var webhook = backlog[1];
        Assert.False(string.IsNullOrEmpty(webhook.GetProperty("error").GetString()));
        Assert.Equal(JsonValueKind.Null, webhook.GetProperty("outboxBacklog").ValueKind);
    }

    [Fact]
    public async Task Open_cases_are_counted_per_mode_and_currency()
    {
        await service.PublishAsync(Scenario.Failed("in_ops_open", 1200, "eur", "2026-03-02T10:00:00", "insufficient_funds", "visa"));

        await Eventually.HoldsAsync(async () => (await service.GetJsonAsync("/api/ops/cases")).EnumerateArray()
            .Any(c => c.GetProperty("currency").GetString() == "eur" && c.GetProperty("openCases").GetInt64() >= 1),
            TimeSpan.FromSeconds(20), "the open eur case is counted");
    }

    [Fact]
    public async Task Events_that_cannot_be_read_say_why()
    {
        var events = await service.GetJsonAsync("/api/ops/events");

        Assert.Empty(events.GetProperty("events").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(events.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task The_error_queue_gauge_reports_the_messages_of_every_error_queue_on_metrics()
    {
        const string errorQueue = "ops-gauge-test_error";
        using (var rabbit = TestVirtualHost.ManagementClient())
        {
            var vhost = Uri.EscapeDataString(service.VirtualHost.Name);
            (await rabbit.PutAsJsonAsync($"api/queues/{vhost}/{errorQueue}", new { durable = false })).EnsureSuccessStatusCode();
            (await rabbit.PostAsJsonAsync($"api/exchanges/{vhost}/amq.default/publish",
                new { properties = new { }, routing_key = errorQueue, payload = "failed", payload_encoding = "string" })).EnsureSuccessStatusCode();
        }

        // The management API refreshes queue depths every few seconds.
        await Eventually.HoldsAsync(async () => (await service.Management.GetStringAsync("/metrics")).Split('\n')
            .Any(l => l.StartsWith("dunning_metrics_error_queue_messages{", StringComparison.Ordinal)
                && l.Contains($"queue=\"{errorQueue}\"", StringComparison.Ordinal) && l.Split(' ')[1] == "1"),
            TimeSpan.FromSeconds(30), "the error queue's one message is on /metrics");
    }

    [Theory]
    [Trait("Suite", "ForgedInput")]
    [InlineData("/api/reports/summary?from=2026-03-31&to=2026-03-01&currency=usd", "before")]
    [InlineData("/api/reports/summary?from=2026-03-01&to=2026-03-31&currency=dollars", "currency")]
    [InlineData("/api/reports/summary?from=March&to=2026-03-31&currency=usd", "yyyy-MM-dd")]
    [InlineData("/api/reports/breakdowns?from=2026-03-01&to=2026-03-31&currency=usd&by=colour", "decline_code")]
    [InlineData("/api/reports/churn?from=2026-03-01&to=2026-03-31&period=year", "period")]
    [InlineData("/api/reports/timeseries?from=2026-01-01&to=9999-12-31&currency=usd", "shorter")]
    public async Task Bad_report_parameters_are_refused_with_a_reason(string path, string reasonMentions)
    {
        var response = await service.Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();
        Assert.Contains(reasonMentions, error);
    }

    [Fact]
    public async Task Reports_and_ops_need_the_api_key()
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/summary?from=2026-03-01&to=2026-03-31&currency=usd")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/ops/queues")).StatusCode);
    }

    /// <summary>Takes the failed message out of the error queue, corrects its amount and puts it back, headers kept.</summary>
    private async Task FixAmountInErrorQueueAsync()
    {
        using var management = TestVirtualHost.ManagementClient();
        var vhost = Uri.EscapeDataString(service.VirtualHost.Name);
        var taken = await management.PostAsJsonAsync($"api/queues/{vhost}/{Queue}_error/get",
            new { count = 1, ackmode = "ack_requeue_false", encoding = "base64" });
        var message = (await taken.Content.ReadFromJsonAsync<JsonArray>())!.Single()!.AsObject();
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(message["payload"]!.GetValue<string>()));
        Assert.Contains("\"amountMinor\": -500", payload);
        var fixedPayload = payload.Replace("\"amountMinor\": -500", "\"amountMinor\": 500", StringComparison.Ordinal);
        var corrected = Convert.ToBase64String(Encoding.UTF8.GetBytes(fixedPayload));
        var put = await management.PostAsJsonAsync($"api/exchanges/{vhost}/amq.default/publish", new JsonObject
        {
            ["properties"] = message["properties"]!.DeepClone(), ["routing_key"] = Queue + "_error", ["payload"] = corrected, ["payload_encoding"] = "base64",
        });
        put.EnsureSuccessStatusCode();
    }
}
