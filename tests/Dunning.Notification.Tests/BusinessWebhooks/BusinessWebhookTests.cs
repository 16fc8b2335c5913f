using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.BusinessWebhooks;

/// <summary>
/// Webhooks to the business's application over real HTTP to a real endpoint that checks their signature: one event per effect,
/// its id kept through redeliveries, retries and re-sends; an endpoint that is down gets every event once it is back.
/// </summary>
public sealed class BusinessWebhookTests(BusinessWebhookNotificationService service) : IClassFixture<BusinessWebhookNotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_case_tells_the_business_each_effect_once_signed_and_with_an_id_that_redelivery_keeps()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        var failed = scenario.Failed(DateTimeOffset.UtcNow);
        var retry = new RetryAttempted($"{scenario.InvoiceId}:attempt:1", Guid.NewGuid(), scenario.InvoiceId, scenario.CustomerId, 1, false,
            failed.Decline, DateTimeOffset.UtcNow);
        var recovered = await scenario.RecoveredAsync();

        await service.PublishAsync(failed);
        await WaitForAsync(scenario.InvoiceId, "dunning.case.opened");
        await service.PublishAsync(retry);
        await service.PublishAsync(retry with { Succeeded = true, SourceEventId = $"{scenario.InvoiceId}:attempt:2", AttemptNumber = 2 });
        await service.PublishAsync(scenario.ActionRequired());
        // Each message has its own queue: the 3-D Secure request must reach the open case before the recovery closes it.
        await WaitForAsync(scenario.InvoiceId, "dunning.case.action_required");
        await service.PublishAsync(recovered);
        await WaitForAsync(scenario.InvoiceId, "dunning.case.recovered");
        // The same effects again: a redelivered failure and a second recovery message for the same invoice.
        await service.PublishAsync(failed with { SourceEventId = "evt_redelivered_failure" });
        await service.PublishAsync(recovered with { SourceEventId = "evt_second_recovery_message" });
        await DeliveredAsync(scenario.InvoiceId, 4);

        var events = service.Receiver.OfInvoice(scenario.InvoiceId);
        Assert.Equal(["dunning.case.action_required", "dunning.case.opened", "dunning.case.recovered", "dunning.case.retry_failed"],
            events.Select(e => e.GetProperty("type").GetString()).Order());
        Assert.Equal(4, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Empty(service.Receiver.Refused);
        var opened = events.Single(e => e.GetProperty("type").GetString() == "dunning.case.opened").GetProperty("data").GetProperty("object");
        Assert.Equal((scenario.CustomerId, 2499L, "eur", scenario.HostedUrl), (opened.GetProperty("customer").GetString(),
            opened.GetProperty("amount_due").GetInt64(), opened.GetProperty("currency").GetString(), opened.GetProperty("pay_url").GetString()));
        var recoveredEvent = events.Single(e => e.GetProperty("type").GetString() == "dunning.case.recovered").GetProperty("data").GetProperty("object");
        Assert.Equal("CustomerPaid", recoveredEvent.GetProperty("recovery_method").GetString());
    }

    [Fact]
    public async Task An_endpoint_down_for_a_minute_gets_each_event_once_it_is_back_and_the_log_shows_the_failed_attempts()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.Receiver.StopAsync();
        try
        {
            await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
            await service.PublishAsync(scenario.RetriesExhausted(cancelsSubscription: true));
            await Eventually.HoldsAsync(async () => await LogAsync(scenario.InvoiceId) is { Count: 2 } log
                && log.All(d => d.GetProperty("attempts").GetInt32() >= 3 && d.GetProperty("status").GetString() == "pending"
                    && d.GetProperty("lastError").GetString()!.Contains("refused", StringComparison.OrdinalIgnoreCase)),
                Wait, "both deliveries failed three times while the endpoint is down, the log saying why");
            var down = DateTimeOffset.UtcNow;
            await Eventually.HoldsAsync(() => DateTimeOffset.UtcNow - down > TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), "a minute passes");
        }
        finally
        {
            await service.Receiver.StartAsync();
        }

        await DeliveredAsync(scenario.InvoiceId, 2);
        Assert.All(await LogAsync(scenario.InvoiceId), d => Assert.Equal(200, d.GetProperty("lastStatus").GetInt32()));
        Assert.Equal(["dunning.case.lost", "dunning.case.opened"],
            service.Receiver.OfInvoice(scenario.InvoiceId).Select(e => e.GetProperty("type").GetString()).Order());
        var lost = service.Receiver.OfInvoice(scenario.InvoiceId).Single(e => e.GetProperty("type").GetString() == "dunning.case.lost");
        Assert.True(lost.GetProperty("data").GetProperty("object").GetProperty("subscription_canceled").GetBoolean());
    }

    [Fact]
    public async Task A_re_send_delivers_the_same_event_again_with_its_own_id()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await DeliveredAsync(scenario.InvoiceId, 1);
        var eventId = (await LogAsync(scenario.InvoiceId))[0].GetProperty("eventId").GetString();
        using var client = service.CreateApiClient();

        var resent = await client.PostAsync($"/api/business-webhooks/{eventId}/resend", null);
        var unknown = await client.PostAsync("/api/business-webhooks/evt_dun_unknown/resend", null);

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await Eventually.HoldsAsync(() => service.Receiver.OfInvoice(scenario.InvoiceId).Count == 2, Wait, "the re-sent event arrived");
        Assert.All(service.Receiver.OfInvoice(scenario.InvoiceId), e => Assert.Equal(eventId, e.GetProperty("id").GetString()));
        // The log counts an attempt once the endpoint has answered, which can be a moment after the receiver has the event.
        await Eventually.HoldsAsync(async () => (await LogAsync(scenario.InvoiceId))[0].GetProperty("attempts").GetInt32() == 2, Wait,
            "the log counts the re-send as the event's second attempt");
    }

    [Fact]
    public async Task Grace_ending_is_sent_ahead_of_the_grace_end_once_and_not_for_a_closed_case()
    {
        var open = await Scenario.SignUpAsync(service.Sandbox);
        var closed = await Scenario.SignUpAsync(service.Sandbox);
        // BusinessWebhooks:GraceEndingBefore is three days: a grace end three days and a second away is due in a second.
        var graceUntil = DateTimeOffset.UtcNow.AddDays(3).AddSeconds(1);
        foreach (var scenario in new[] { open, closed })
        {
            await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
            await service.PublishAsync(scenario.Planned(2, DateTimeOffset.UtcNow.AddDays(1), graceUntil));
        }
        await service.PublishAsync(await closed.RecoveredAsync());

        await Eventually.HoldsAsync(() => service.Receiver.OfInvoice(open.InvoiceId).Any(e => e.GetProperty("type").GetString() == "dunning.case.grace_ending"),
            Wait, "grace_ending for the open case");
        await DeliveredAsync(closed.InvoiceId, 2); // opened, recovered
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.due_jobs WHERE job_key = 'grace-ending:{closed.InvoiceId}'") == 0, Wait, "the closed case's job ran");

        var graceEnding = service.Receiver.OfInvoice(open.InvoiceId).Single(e => e.GetProperty("type").GetString() == "dunning.case.grace_ending");
        Assert.Equal(graceUntil.ToUnixTimeSeconds(), graceEnding.GetProperty("data").GetProperty("object").GetProperty("grace_until").GetInt64());
        Assert.DoesNotContain(service.Receiver.OfInvoice(closed.InvoiceId), e => e.GetProperty("type").GetString() == "dunning.case.grace_ending");
    }

    /// <summary>The plan and the failure come on separate queues: the plan may be taken in before the case exists.</summary>
    [Fact]
    public async Task Grace_ending_planned_before_the_case_opened_waits_for_the_case_and_is_sent_with_the_planned_grace_end()
    {
        var late = await Scenario.SignUpAsync(service.Sandbox);
        var graceUntil = DateTimeOffset.UtcNow.AddDays(3).AddSeconds(1);
        await service.PublishAsync(late.Planned(2, DateTimeOffset.UtcNow.AddDays(1), graceUntil));
        // The job came due before the case was heard of, and waits for it instead of sending nothing.
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync($"""
            SELECT count(*) FROM notification.due_jobs
            WHERE job_key = 'grace-ending:{late.InvoiceId}' AND due_at > '{(graceUntil - TimeSpan.FromDays(3)).AddSeconds(0.5):O}'
            """) == 1, Wait, "the grace-ending job ran and waits for the case");

        await service.PublishAsync(late.Failed(DateTimeOffset.UtcNow));

        await WaitForAsync(late.InvoiceId, "dunning.case.grace_ending");
        var graceEnding = service.Receiver.OfInvoice(late.InvoiceId).Single(e => e.GetProperty("type").GetString() == "dunning.case.grace_ending");
        Assert.Equal(graceUntil.ToUnixTimeSeconds(), graceEnding.GetProperty("data").GetProperty("object").GetProperty("grace_until").GetInt64());
        Assert.Equal(1, await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.cases WHERE invoice_id = '{late.InvoiceId}' AND grace_until IS NOT NULL"));
    }

    [Fact]
    public async Task The_log_refuses_an_unknown_status_and_needs_the_api_key()
    {
        using var client = service.CreateApiClient();
        using var anonymous = service.CreateClient();

        var response = await client.GetAsync("/api/business-webhooks?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'status' must be one of pending, delivered, failed", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/business-webhooks")).StatusCode);
    }

    private async Task WaitForAsync(string invoiceId, string type) =>
        await Eventually.HoldsAsync(() => service.Receiver.OfInvoice(invoiceId).Any(e => e.GetProperty("type").GetString() == type), Wait, type);

    /// <summary>Waits until the log holds <paramref name="count"/> events of the invoice, every one delivered.</summary>
    private async Task DeliveredAsync(string invoiceId, int count) =>
        await Eventually.HoldsAsync(async () => await LogAsync(invoiceId) is var log && log.Count == count
            && log.All(d => d.GetProperty("status").GetString() == "delivered"), Wait, $"{count} events of {invoiceId} delivered");

    private async Task<IReadOnlyList<JsonElement>> LogAsync(string invoiceId)
    {
        using var client = service.CreateApiClient();
        var log = await client.GetFromJsonAsync<JsonElement>($"/api/business-webhooks?invoice={invoiceId}");
        return [.. log.GetProperty("deliveries").EnumerateArray()];
    }
}
