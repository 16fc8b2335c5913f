using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Notification.Tests.Support;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Banner;

/// <summary>
/// The in-app payment banner in headless Chromium, embedded in a page of another origin as the README says: shown in the
/// customer's language with the pay link while the case is open, gone from the open page once the case closes, never shown
/// to a customer in good standing, and unreadable without a valid token or from an origin not listed.
/// </summary>
public sealed class PaymentBannerTests(BannerNotificationService service) : IClassFixture<BannerNotificationService>
{
    private const string Ready = "document.documentElement.dataset.dunningBanner";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_customer_in_dunning_sees_the_banner_in_their_language_until_the_case_closes()
    {
        var scenario = await Scenario.SignUpAsync(service.Sandbox, preferredLocales: ["nl"]);
        await service.PublishAsync(scenario.Failed(DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => await service.SentAsync(scenario.InvoiceId) == 1, Wait, "the first email went out (language known)");

        await using var page = await ChromiumPage.OpenAsync(service.Page.AccountPage(await TokenAsync(scenario.CustomerId)), 1280, 800,
            $"{Ready} === 'shown'");

        var bar = (await page.EvaluateAsync("document.getElementById('dunning-banner').innerText"))!.GetValue<string>();
        Assert.Contains("Je betaling is mislukt", bar);
        Assert.Equal(scenario.HostedUrl, (await page.EvaluateAsync("document.querySelector('#dunning-banner a').href"))!.GetValue<string>());
        Assert.Equal("alert", (await page.EvaluateAsync("document.getElementById('dunning-banner').getAttribute('role')"))!.GetValue<string>());

        await service.PublishAsync(await scenario.RecoveredAsync());

        await Eventually.HoldsAsync(async () => (await page.EvaluateAsync($"{Ready} === 'hidden' && !document.getElementById('dunning-banner')"))!
            .GetValue<bool>(), Wait, "the open page took the banner away once the case closed");
    }

    [Fact]
    public async Task A_customer_in_good_standing_sees_nothing()
    {
        await using var page = await ChromiumPage.OpenAsync(service.Page.AccountPage(await TokenAsync("cus_in_good_standing")), 390, 844,
            $"{Ready} === 'hidden'");

        Assert.False((await page.EvaluateAsync("document.getElementById('dunning-banner') !== null"))!.GetValue<bool>());
    }

    [Fact]
    public async Task A_forged_or_foreign_token_reads_nothing_and_another_origin_is_not_allowed_to_read()
    {
        using var anonymous = service.CreateClient();
        var token = await TokenAsync("cus_someone");

        var forged = await anonymous.GetAsync($"/banner/standing?token={token[..^4]}AAAA");
        var missing = await anonymous.GetAsync("/banner/standing");
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, $"/banner/standing?token={token}")
        {
            Headers = { { "Origin", "https://evil.example" } },
        };
        var elsewhere = await anonymous.SendAsync(fromElsewhere);
        using var fromTheApp = new HttpRequestMessage(HttpMethod.Get, $"/banner/standing?token={token}") { Headers = { { "Origin", service.Page.Origin } } };
        var app = await anonymous.SendAsync(fromTheApp);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("not valid", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.False(elsewhere.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(service.Page.Origin, Assert.Single(app.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False((await app.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("show").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/customers/cus_someone/banner-token", null)).StatusCode);
    }

    private async Task<string> TokenAsync(string customerId)
    {
        using var client = service.CreateApiClient();
        var response = await client.PostAsync($"/api/customers/{customerId}/banner-token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(issued.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(14));
        return issued.GetProperty("token").GetString()!;
    }
}
