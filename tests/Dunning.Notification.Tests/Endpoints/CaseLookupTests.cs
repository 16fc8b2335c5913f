using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dunning.Contracts;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Endpoints;

/// <summary>What the case console asks the notification service: the customers of an email address, and an invoice's emails.</summary>
public sealed class CaseLookupTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_email_address_finds_its_customer_and_an_invoice_lists_its_emails_with_step_and_language()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["nl"]);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1, Wait, "the first email went out");
        using var client = service.CreateApiClient();

        var customers = await client.PostAsJsonAsync("/api/customers/by-email", new { email = scenario.Email.ToUpperInvariant() });
        var emails = await client.GetFromJsonAsync<JsonElement>($"/api/emails?invoice={scenario.InvoiceId}");

        Assert.Equal(HttpStatusCode.OK, customers.StatusCode);
        var ids = (await customers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerIds").EnumerateArray().Select(c => c.GetString());
        Assert.Equal([scenario.CustomerId], ids);
        var email = Assert.Single(emails.EnumerateArray());
        Assert.Equal(("first_failure", "nl", scenario.Email, false), (email.GetProperty("step").GetString(), email.GetProperty("locale").GetString(),
            email.GetProperty("recipient").GetString(), email.GetProperty("maybeSent").GetBoolean()));
    }

    [Fact]
    public async Task An_address_no_case_went_to_finds_no_customer_and_an_unknown_invoice_no_email()
    {
        using var client = service.CreateApiClient();

        var customers = await client.PostAsJsonAsync("/api/customers/by-email", new { email = "nobody@example.com" });

        Assert.Empty((await customers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerIds").EnumerateArray());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/emails?invoice=in_nothing")).EnumerateArray());
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("{}", "'email' must be one email address")]
    [InlineData("""{"email": "not an address"}""", "'email' must be one email address")]
    [InlineData("""{"email": """, "not valid JSON")]
    public async Task A_lookup_without_an_address_is_refused_with_what_to_send(string? body, string errorMentions)
    {
        using var client = service.CreateApiClient();
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/customers/by-email", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(errorMentions, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/emails")).StatusCode);
    }

    [Fact]
    public async Task The_lookups_need_the_api_key()
    {
        using var anonymous = service.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/emails?invoice=in_1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/customers/by-email", new { email = "a@example.com" })).StatusCode);
    }

    [Fact]
    public async Task A_case_an_operator_wrote_off_drops_its_reminders_and_sends_no_closing_email()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1, Wait, "the first email went out");
        Assert.True(await service.PendingJobsAsync(scenario.InvoiceId) > 0);

        await service.PublishAsync(scenario.RetriesExhausted(cancelsSubscription: false) with { Reason = LossReason.WrittenOff });

        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.cases WHERE invoice_id = '{scenario.InvoiceId}' AND status = 'Lost'") == 1, Wait, "the case is closed");
        Assert.Equal(0, await service.PendingJobsAsync(scenario.InvoiceId));
        Assert.Equal(1, await service.SentAsync(scenario.InvoiceId));
    }
}
