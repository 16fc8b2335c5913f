using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Notification.Domain;
using Dunning.Notification.Tests.Support;
using Dunning.Platform.Http;

namespace Dunning.Notification.Tests.Endpoints;

public sealed class UnsubscribeLinkTests(NotificationService service) : IClassFixture<NotificationService>
{
    [Fact]
    public async Task Opening_the_link_shows_a_confirmation_page_in_the_emails_language_and_unsubscribes_nobody()
    {
        var email = NewAddress();
        using var client = service.CreateClient();

        var response = await client.GetAsync(Unsubscribing.LinkFor(email, "nl"));

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nl\">", page);
        Assert.Contains("<form method=\"post\">", page);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\">Afmelden</button>", page);
        Assert.Contains(EmailAddressMask.Mask(email), page);
        Assert.DoesNotContain("<script", page);
        Assert.Equal(0, await service.SuppressionsAsync(email));
        Assert.Empty(await service.AuditAsync(email));
    }

    [Fact]
    public async Task Confirming_unsubscribes_once_and_the_audit_log_says_the_customer_did()
    {
        var email = NewAddress();
        using var client = service.CreateClient();

        var first = await client.OneClickAsync(Unsubscribing.LinkFor(email, "ro"));
        var again = await client.OneClickAsync(Unsubscribing.LinkFor(email, "ro"));

        first.EnsureSuccessStatusCode();
        again.EnsureSuccessStatusCode();
        Assert.Contains("Te-ai dezabonat", await first.Content.ReadAsStringAsync());
        Assert.Equal(1, await service.SuppressionsAsync(email));
        Assert.Equal(["suppressed | customer link | unsubscribe_link"], await service.AuditAsync(email));
    }

    [Fact]
    public async Task A_post_without_the_one_click_field_unsubscribes_nobody_and_says_what_to_send()
    {
        var email = NewAddress();
        using var client = service.CreateClient();

        var empty = await client.PostAsync(Unsubscribing.LinkFor(email), new FormUrlEncodedContent([]));
        var json = await client.PostAsync(Unsubscribing.LinkFor(email), JsonContent.Create(new { }));

        Assert.Contains("List-Unsubscribe=One-Click", await ErrorAsync(empty));
        Assert.Contains("List-Unsubscribe=One-Click", await ErrorAsync(json));
        Assert.Equal(0, await service.SuppressionsAsync(email));
    }

    [Fact]
    public async Task A_link_made_before_a_rotation_still_unsubscribes_while_its_secret_is_listed()
    {
        var email = NewAddress();
        using var client = service.CreateClient();

        (await client.OneClickAsync(Unsubscribing.LinkFor(email, secret: NotificationService.PreviousUnsubscribeSecret))).EnsureSuccessStatusCode();
        var dropped = await client.OneClickAsync(Unsubscribing.LinkFor(NewAddress(), secret: "a-secret-dropped-from-the-list"));

        Assert.Equal(1, await service.SuppressionsAsync(email));
        Assert.Contains("key we no longer use", await ErrorAsync(dropped));
    }

    [Fact]
    public async Task A_changed_link_is_refused_with_a_reason_and_unsubscribes_nobody()
    {
        var email = NewAddress();
        var link = Unsubscribing.LinkFor(email);
        var changed = link[..^6] + (link[^6] == 'A' ? 'B' : 'A') + link[^5..];
        using var client = service.CreateClient();

        Assert.Contains("was changed", await ErrorAsync(await client.GetAsync(changed)));
        Assert.Contains("was changed", await ErrorAsync(await client.OneClickAsync(changed)));
        Assert.Contains("incomplete", await ErrorAsync(await client.OneClickAsync(link[..40])));
        Assert.Contains("incomplete", await ErrorAsync(await client.OneClickAsync("/unsubscribe")));
        Assert.Equal(0, await service.SuppressionsAsync(email));
    }

    [Fact]
    public async Task A_link_of_the_earlier_format_in_emails_already_sent_still_asks_then_unsubscribes()
    {
        var email = NewAddress();
        var signature = new UnsubscribeSignature(NotificationService.PreviousUnsubscribeSecret).Sign(email);
        var link = $"/unsubscribe?email={Uri.EscapeDataString(email)}&sig={signature}";
        using var client = service.CreateClient();

        (await client.GetAsync(link)).EnsureSuccessStatusCode();
        Assert.Equal(0, await service.SuppressionsAsync(email));
        (await client.OneClickAsync(link)).EnsureSuccessStatusCode();
        Assert.Equal(1, await service.SuppressionsAsync(email));
        Assert.Contains("was changed", await ErrorAsync(await client.OneClickAsync(link.Replace("email=", "email=x"))));
    }

    [Fact]
    public async Task Support_suppresses_and_lifts_with_a_reason_and_the_audit_log_names_the_key()
    {
        var email = NewAddress();
        using var client = service.CreateClient();

        (await client.SupportAsync("/api/suppressions", email, "asked by phone, ticket 7")).EnsureSuccessStatusCode();
        Assert.Equal(1, await service.SuppressionsAsync(email));
        var lifted = await client.SupportAsync("/api/suppressions/lift", email, "ticket 8: wants them back");
        var liftedAgain = await client.SupportAsync("/api/suppressions/lift", email, "ticket 8: wants them back");

        var liftedBody = await lifted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("asked by phone, ticket 7", liftedBody.GetProperty("wasSuppressedBecause").GetString());
        Assert.Equal(HttpStatusCode.NotFound, liftedAgain.StatusCode);
        Assert.Contains("not suppressed", await ErrorAsync(liftedAgain, HttpStatusCode.NotFound));
        Assert.Equal(0, await service.SuppressionsAsync(email));
        Assert.Equal(
            [$"suppressed | {Unsubscribing.SupportActor} | asked by phone, ticket 7", $"lifted | {Unsubscribing.SupportActor} | ticket 8: wants them back"],
            await service.AuditAsync(email));
    }

    [Fact]
    public async Task The_support_api_needs_the_key_one_address_and_a_reason()
    {
        var email = NewAddress();
        using var client = service.CreateClient();
        (await client.SupportAsync("/api/suppressions", email, "ticket 9")).EnsureSuccessStatusCode();

        var withoutKey = await client.PostAsync("/api/suppressions/lift", JsonContent.Create(new { email, reason = "ticket 10" }));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Contains("'reason' is required", await ErrorAsync(await client.SupportAsync("/api/suppressions/lift", email, " ")));
        Assert.Contains("'email' must be one email address", await ErrorAsync(await client.SupportAsync("/api/suppressions/lift", "Bob <" + email + ">", "x")));
        var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/suppressions/lift") { Content = new StringContent("{ email", null, "application/json") };
        notJson.Headers.Add(ApiKeyFilter.HeaderName, NotificationService.ApiKey);
        Assert.Contains("not valid JSON", await ErrorAsync(await client.SendAsync(notJson)));
        Assert.Equal(1, await service.SuppressionsAsync(email));
    }

    private static string NewAddress() => $"unsub-{Guid.NewGuid():N}@example.com";

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
    }
}
