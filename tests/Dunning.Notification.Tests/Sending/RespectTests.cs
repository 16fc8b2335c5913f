using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Sending;

public sealed class RespectTests(NotificationService service) : IClassFixture<NotificationService>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    [Fact]
    public async Task A_suppressed_address_receives_nothing()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        using var client = service.CreateClient();
        (await client.OneClickAsync(Unsubscribing.LinkFor(scenario.Email))).EnsureSuccessStatusCode();

        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow.AddDays(-8)));
        await service.PublishAsync(await scenario.NewCardNeedsAuthenticationAsync());
        await Eventually.HoldsAsync(async () => await service.Database.CountAsync(
            $"SELECT count(*) FROM notification.cases WHERE invoice_id = '{scenario.InvoiceId}'") == 1, Wait, "the case is open");
        await Eventually.HoldsAsync(async () => await service.PendingJobsAsync(scenario.InvoiceId) == 0, Wait, "every due email was handled");

        Assert.Empty(await Maildev.ForAsync(scenario.Email));
        Assert.Equal(0, await service.SentAsync(scenario.InvoiceId));
    }

    [Fact]
    public async Task Every_email_carries_an_https_one_click_unsubscribe_link_without_the_address_that_works()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        var email = Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));

        var headers = (await Maildev.SourceAsync(email)).Split("\r\n\r\n")[0].Replace("\r\n ", " ");
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", headers);
        var link = headers.Split("\r\n").Single(h => h.StartsWith("List-Unsubscribe:")).Split('<', '>')[1];
        Assert.StartsWith($"{NotificationService.PublicBaseUrl}/unsubscribe?token=", link);
        Assert.DoesNotContain(scenario.Email.Split('@')[0], link, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(link, email.Text);

        using var client = service.CreateClient();
        var path = new Uri(link).PathAndQuery;
        (await client.GetAsync(path)).EnsureSuccessStatusCode();
        Assert.Equal(0, await service.SuppressionsAsync(scenario.Email));
        (await client.OneClickAsync(path)).EnsureSuccessStatusCode();
        Assert.Equal(1, await service.SuppressionsAsync(scenario.Email));
    }

    [Fact]
    public async Task Lifting_a_suppression_lets_emails_flow_again()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox);
        using var client = service.CreateClient();
        (await client.OneClickAsync(Unsubscribing.LinkFor(scenario.Email))).EnsureSuccessStatusCode();
        Assert.Equal(1, await service.SuppressionsAsync(scenario.Email));

        (await client.SupportAsync("/api/suppressions/lift", scenario.Email, "ticket 42: unsubscribed by mistake")).EnsureSuccessStatusCode();
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));

        Assert.Single(await Maildev.WaitForAsync(scenario.Email, 1));
        Assert.Equal(0, await service.SuppressionsAsync(scenario.Email));
        Assert.Equal(
            ["suppressed | customer link | unsubscribe_link", $"lifted | {Unsubscribing.SupportActor} | ticket 42: unsubscribed by mistake"],
            await service.AuditAsync(scenario.Email));
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
        Assert.Equal("Je kaart is geweigerd – werk je betaalgegevens bij",
            await client.GetStringAsync("/api/preview/first_failure?locale=nl&decline=hard&part=subject"));

        var unknown = await client.GetAsync("/api/preview/reminder_day99");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("reminder_day3", await unknown.Content.ReadAsStringAsync());
    }
}
