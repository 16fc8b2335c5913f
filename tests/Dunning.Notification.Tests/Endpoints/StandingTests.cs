using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Endpoints;

/// <summary>
/// <c>GET /api/customers/{id}/standing</c>: what the business's application asks before it cuts access. It follows the case
/// from the failure (in dunning, since the failure, the amount and the link), through the scheduler's plan (grace until its
/// window's end), to its close (recovered or lost: no longer in dunning).
/// </summary>
public sealed class StandingTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_standing_follows_a_case_from_its_failure_through_its_plan_to_its_recovery()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["ro-RO"], amountMinor: 2499, currency: "eur");
        using var client = service.CreateApiClient();
        Assert.False((await StandingAsync(client, scenario.CustomerId)).GetProperty("inDunning").GetBoolean());

        var failedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await service.PublishAsync(scenario.Failed(failedAt));
        // The language is the one the emails use: Stripe's preferred_locales, learnt when the first email went out.
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1, Wait, "the first email went out");
        var opened = await WaitForAsync(client, scenario.CustomerId, s => s.GetProperty("inDunning").GetBoolean(), "the case opened");
        Assert.Equal(failedAt.ToUnixTimeSeconds(), opened.GetProperty("since").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("graceUntil").ValueKind); // not planned yet
        var due = Assert.Single(opened.GetProperty("amountDue").EnumerateArray());
        Assert.Equal((2499L, "eur"), (due.GetProperty("amountMinor").GetInt64(), due.GetProperty("currency").GetString()));
        Assert.Equal(scenario.HostedUrl, opened.GetProperty("payUrl").GetString());
        Assert.Equal("ro", opened.GetProperty("language").GetString());
        Assert.Equal([scenario.InvoiceId], opened.GetProperty("invoices").EnumerateArray().Select(i => i.GetProperty("invoiceId").GetString()));

        var windowEnd = failedAt.AddDays(14);
        await service.PublishAsync(scenario.Planned(2, failedAt.AddDays(3), windowEnd));
        var planned = await WaitForAsync(client, scenario.CustomerId, s => s.GetProperty("graceUntil").ValueKind != JsonValueKind.Null, "the plan's window");
        Assert.Equal(windowEnd.ToUnixTimeSeconds(), planned.GetProperty("graceUntil").GetDateTimeOffset().ToUnixTimeSeconds());

        await service.PublishAsync(await scenario.RecoveredAsync());
        var recovered = await WaitForAsync(client, scenario.CustomerId, s => !s.GetProperty("inDunning").GetBoolean(), "the recovery closed it");
        Assert.Empty(recovered.GetProperty("invoices").EnumerateArray());
        Assert.Empty(recovered.GetProperty("amountDue").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, recovered.GetProperty("payUrl").ValueKind);
    }

    [Fact]
    public async Task A_lost_case_leaves_dunning_too()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        using var client = service.CreateApiClient();
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await WaitForAsync(client, scenario.CustomerId, s => s.GetProperty("inDunning").GetBoolean(), "the case opened");

        await service.PublishAsync(scenario.RetriesExhausted(cancelsSubscription: true));

        await WaitForAsync(client, scenario.CustomerId, s => !s.GetProperty("inDunning").GetBoolean(), "the loss closed it");
    }

    [Fact]
    public async Task A_customer_never_in_dunning_is_not_in_dunning_and_anything_but_a_customer_id_is_refused()
    {
        using var client = service.CreateApiClient();
        using var anonymous = service.CreateClient();

        var never = await StandingAsync(client, "cus_never_failed");
        var notACustomer = await client.GetAsync("/api/customers/in_123/standing");

        Assert.False(never.GetProperty("inDunning").GetBoolean());
        Assert.Equal("en", never.GetProperty("language").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notACustomer.StatusCode);
        Assert.Contains("Stripe customer id", (await notACustomer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers/cus_1/standing")).StatusCode);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string customerId, Func<JsonElement, bool> condition, string what)
    {
        var standing = default(JsonElement);
        await Eventually.HoldsAsync(async () => condition(standing = await StandingAsync(client, customerId)), Wait, what);
        return standing;
    }

    private static async Task<JsonElement> StandingAsync(HttpClient client, string customerId)
    {
        var response = await client.GetAsync($"/api/customers/{customerId}/standing");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
