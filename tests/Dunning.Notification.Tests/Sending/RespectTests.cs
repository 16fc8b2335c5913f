using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Notification.Domain;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Sending;

public sealed class RespectTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly UnsubscribeSignature _signature = new(NotificationService.UnsubscribeSecret);

    [Fact]
    public async Task A_suppressed_address_receives_nothing()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        using var client = service.CreateClient();
        (await client.GetAsync($"/unsubscribe?email={Uri.EscapeDataString(scenario.Email)}&sig={_signature.Sign(scenario.Email)}")).EnsureSuccessStatusCode();

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow.AddDays(-8)));
        await service.PublishAsync(await scenario.NewCardNeedsAuthenticationAsync());
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.cases WHERE invoice_id = '{scenario.InvoiceId}'") == 1, Wait, "the case is open");
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "every due email was handled");

        Assert.Empty(await Maildev.ForAsync(scenario.Email));
        Assert.Equal(0, await service.SentAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task Every_email_carries_a_one_click_unsubscribe_header_that_works()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));

        var headers = (await Maildev.SourceAsync(email)).Split("\r\n\r\n")[0].Replace("\r\n ", " ");
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", headers);
        var link = headers.Split("\r\n").Single(h => h.StartsWith("List-Unsubscribe:")).Split('<', '>')[1];
        Assert.Contains(link, email.Text);

        using var client = service.CreateClient();
        (await client.PostAsync(new Uri(link).PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).EnsureSuccessStatusCode();
        Assert.Equal(1, await service.Database.CountAsync($"SELECT count(*) FROM notification.suppressions WHERE email = '{scenario.Email}'"));
    }

    [Fact]
    public async Task Unsubscribe_with_a_wrong_signature_is_refused_with_a_reason()
    {
        using var client = service.CreateClient();
        var response = await client.GetAsync($"/unsubscribe?email=someone%40example.com&sig={_signature.Sign("other@example.com")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("signature", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(0, await service.Database.CountAsync("SELECT count(*) FROM notification.suppressions WHERE email = 'someone@example.com'"));
    }

    [Fact]
    public async Task Preview_renders_a_template_for_a_sample_case_behind_the_api_key()
    {
        using var client = service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/preview/reminder_day3?locale=nl")).StatusCode);

        client.DefaultRequestHeaders.Add("X-Api-Key", NotificationService.ApiKey);
        var html = await client.GetStringAsync("/api/preview/reminder_day3?locale=nl");
        Assert.Contains("<p>Hallo,</p>", html);
        Assert.Contains("€ 24,99", html);
        Assert.Equal("Je kaart is geweigerd – werk je betaalgegevens bij", await client.GetStringAsync("/api/preview/first_failure?locale=nl&decline=hard&part=subject"));

        var unknown = await client.GetAsync("/api/preview/reminder_day99");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("reminder_day3", await unknown.Content.ReadAsStringAsync());
    }
}
