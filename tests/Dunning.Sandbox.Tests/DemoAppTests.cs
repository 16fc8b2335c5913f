using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dunning.Testing;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// The sandbox's stand-in for the business's application (demos and drills): it keeps the webhooks Dunning signed with the
/// shared secret, duplicates included, and refuses any other. This imitates no Stripe behaviour (Stripe has no such endpoint):
/// it plays the business's side, under <c>/sandbox/</c> beside the record, never under <c>/v1</c>. Its signature check is the
/// recipe Stripe documents for <c>Stripe-Signature</c> ("Verify signatures manually", docs.stripe.com/webhooks: <c>t=</c>, then
/// <c>v1=</c> HMAC-SHA256 of <c>"{t}.{payload}"</c>, a tolerance of five minutes), which Dunning's own signature copies.
/// </summary>
public sealed class DemoAppTests : IAsyncLifetime
{
    private const string Secret = "whsec_demo_app_secret_0123456789";
    private SandboxProcess _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string> { ["Sandbox__BusinessWebhookSecret"] = Secret });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_signed_webhook_is_kept_twice_if_sent_twice_and_a_forged_one_is_refused()
    {
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        const string body = """{"id":"evt_dun_1","object":"event","type":"dunning.case.opened","created":1,"data":{"object":{"invoice":"in_1"}}}""";

        var first = await http.SendAsync(Signed(body, Secret));
        var again = await http.SendAsync(Signed(body, Secret));
        var forged = await http.SendAsync(Signed(body, "whsec_someone_else"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (first.StatusCode, again.StatusCode, forged.StatusCode));
        var kept = await http.GetFromJsonAsync<JsonElement>("/sandbox/record/business-webhooks");
        Assert.Equal([("evt_dun_1", "dunning.case.opened", "in_1", true), ("evt_dun_1", "dunning.case.opened", "in_1", true)],
            kept.EnumerateArray().Select(w => (w.GetProperty("eventId").GetString(), w.GetProperty("type").GetString(),
                w.GetProperty("invoice").GetString(), w.GetProperty("verified").GetBoolean())));
    }

    private static HttpRequestMessage Signed(string body, string secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return new HttpRequestMessage(HttpMethod.Post, "/sandbox/app/dunning-webhooks")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Dunning-Signature", $"t={t},v1={v1}" } },
        };
    }
}
