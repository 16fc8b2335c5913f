using System.Net.Http.Json;
using System.Net;
using Dunning.Sandbox.Domain;
using Dunning.Sandbox.Webhooks;
using Dunning.Testing;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>A sandbox of its own: holding its deliveries must not hold any other test's.</summary>
public sealed class HoldingSandboxFixture : SandboxFixture;

public sealed class WebhookHoldTests(HoldingSandboxFixture sandbox) : IClassFixture<HoldingSandboxFixture>
{
    [Fact]
    public async Task Held_deliveries_wait_and_are_released_at_the_rate_asked_each_stamped_with_its_release_time_and_the_release_reports_its_window()
    {
        await sandbox.Http.PostAsync("/sandbox/webhooks/hold", null);
        var customers = new CustomerService(sandbox.Stripe);
        List<string> ids = [];
        for (var i = 0; i < 30; i++)
            ids.Add((await customers.CreateAsync(new CustomerCreateOptions { Email = $"held{i}@example.com" })).Id);

        await Eventually.HoldsAsync(async () => (await StateAsync()).Waiting >= 30, "30 customer.created deliveries held");
        Assert.DoesNotContain(sandbox.Receiver.Events, e => e.Data.Object is Customer c && ids.Contains(c.Id));

        var releasedFrom = DateTimeOffset.UtcNow;
        var release = await sandbox.Http.PostAsJsonAsync("/sandbox/webhooks/release", new { perSecond = 100 });
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        await Eventually.HoldsAsync(() => ids.All(id => sandbox.Receiver.Events.Any(e => e.Data.Object is Customer c && c.Id == id)),
            "every held customer.created delivered after the release");

        // The sandbox records an attempt once the endpoint has answered, so the receiver can hold an event a moment before its record
        List<WebhookDeliveryRecord> deliveries = [];
        await Eventually.HoldsAsync(async () => (deliveries = await ReleasedSinceAsync(releasedFrom)).Count >= 30,
            "every held customer.created recorded, stamped with its release time");
        // 100 a second: the 30th cannot leave before 0.30 s after the release began (which was after releasedFrom)
        var last = deliveries.Max(d => d.QueuedAt) - releasedFrom;
        Assert.True(last >= TimeSpan.FromMilliseconds(290), $"the 30th delivery released {last.TotalMilliseconds} ms after the release at 100/s");
        var state = await StateAsync();
        Assert.Equal((false, 0, 30L), (state.Holding, state.Waiting, state.Released));
        // the release's window, for a drill's load window: from the release call to the moment its last held delivery left
        Assert.InRange(state.ReleaseStartedAt!.Value, releasedFrom, releasedFrom + last);
        Assert.Equal(deliveries.Max(d => d.QueuedAt), state.DrainedAt);
    }

    /// <summary>
    /// <c>GET /sandbox/webhooks/pending</c> is the sandbox's own test aid (as the hold is), not a Stripe behaviour: Stripe shows
    /// pending deliveries only per event in its dashboard. No service reads it; the policy lab's validation waits on it.
    /// </summary>
    [Fact]
    public async Task Deliveries_are_pending_from_their_event_until_answered_2xx()
    {
        await sandbox.Http.PostAsync("/sandbox/webhooks/hold", null);
        var customers = new CustomerService(sandbox.Stripe);
        for (var i = 0; i < 5; i++)
            await customers.CreateAsync(new CustomerCreateOptions { Email = $"pending{i}@example.com" });

        Assert.True(await PendingAsync() >= 5, "five held deliveries are pending");
        await sandbox.Http.PostAsJsonAsync("/sandbox/webhooks/release", new { perSecond = 1000 });
        await Eventually.HoldsAsync(async () => await PendingAsync() == 0, "no delivery pending once all were answered");
    }

    [Fact]
    public async Task A_release_without_a_positive_rate_is_refused_with_the_reason()
    {
        var response = await sandbox.Http.PostAsJsonAsync("/sandbox/webhooks/release", new { perSecond = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("perSecond", await response.Content.ReadAsStringAsync());
    }

    private async Task<List<WebhookDeliveryRecord>> ReleasedSinceAsync(DateTimeOffset releasedFrom) =>
        (await sandbox.Http.GetFromJsonAsync<List<WebhookDeliveryRecord>>("/sandbox/record/webhooks?type=customer.created"))!
            .Where(d => d.QueuedAt >= releasedFrom.AddMilliseconds(-50)).ToList();

    private async Task<long> PendingAsync() =>
        (await sandbox.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/sandbox/webhooks/pending"))!["pending"]!.GetValue<long>();

    private async Task<HoldState> StateAsync() => (await sandbox.Http.GetFromJsonAsync<HoldState>("/sandbox/webhooks/hold"))!;
}
