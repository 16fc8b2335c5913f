using System.Net.Http.Json;
using Dunning.Sandbox.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// The sandbox in-process (WebApplicationFactory), Stripe.net wired to it through SystemNetHttpClient,
/// and a real HTTP webhook receiver that the sandbox delivers to.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    public const string Secret = "whsec_sandbox_tests";

    private WebApplicationFactory<Program> _factory = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public StripeClient Stripe { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    protected virtual IEnumerable<(string Key, string Value)> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Secret);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Sandbox:WebhookUrl", Receiver.Url);
            web.UseSetting("Sandbox:WebhookSecret", Secret);
            web.UseSetting("Sandbox:Webhooks:FirstRetryDelayMs", "50");
            foreach (var (key, value) in ExtraSettings) web.UseSetting(key, value);
        });
        Http = _factory.CreateClient();
        Stripe = new StripeClient("sk_test_sandbox_tests", httpClient: new SystemNetHttpClient(_factory.CreateClient(), maxNetworkRetries: 0),
            apiBase: Http.BaseAddress!.ToString().TrimEnd('/'));
    }

    /// <summary>A Stripe.net client on this sandbox whose HTTP calls pass through <paramref name="handlers"/> (e.g. to record answers).</summary>
    public StripeClient StripeThrough(params DelegatingHandler[] handlers) =>
        new("sk_test_sandbox_tests", httpClient: new SystemNetHttpClient(_factory.CreateDefaultClient(handlers), maxNetworkRetries: 0),
            apiBase: Http.BaseAddress!.ToString().TrimEnd('/'));

    public async Task<IReadOnlyList<PayCallRecord>> PayCallsAsync(string invoiceId) =>
        (await Http.GetFromJsonAsync<List<PayCallRecord>>($"/sandbox/record/pay-calls?invoice={invoiceId}"))!;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
