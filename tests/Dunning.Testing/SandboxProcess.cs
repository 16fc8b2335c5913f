using System.Net.Http.Json;
using Stripe;

namespace Dunning.Testing;

/// <summary>
/// The Stripe sandbox (<c>tools/Dunning.Sandbox</c>) as a real child process on a free port, with its state in memory:
/// Stripe.net drives it like a Stripe account, and its own record (<c>/sandbox/record</c>) is the independent witness
/// of what a service did to "Stripe". Webhook delivery is off unless <c>Sandbox__WebhookUrl</c> is given.
/// The test project must reference <c>tools/Dunning.Sandbox</c> so it is built.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    public const string ApiKey = "sk_test_dunning";
    private readonly ServiceProcess _process;
    private readonly HttpClient _http;

    private SandboxProcess(ServiceProcess process)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = process.BaseAddress };
        Stripe = new StripeClient(ApiKey, apiBase: ApiBase);
    }

    public Uri BaseAddress => _process.BaseAddress;

    /// <summary>What services take as <c>Stripe:ApiBase</c>.</summary>
    public string ApiBase => BaseAddress.ToString().TrimEnd('/');

    /// <summary>A Stripe.net client for the test's own calls (creating customers, paying on the customer's behalf, reading state).</summary>
    public IStripeClient Stripe { get; }

    public string Output => _process.Output;

    /// <param name="settings">Sandbox settings (env var names, e.g. <c>Sandbox__WebhookUrl</c>) over the defaults: no webhooks, links on this port.</param>
    public static async Task<SandboxProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var chosen = port ?? ServiceProcess.FreePort();
        var all = new Dictionary<string, string>
        {
            ["Sandbox__WebhookUrl"] = "",
            ["Sandbox__PublicBaseUrl"] = $"http://127.0.0.1:{chosen}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return new SandboxProcess(await ServiceProcess.StartAsync("tools/Dunning.Sandbox", all, chosen));
    }

    /// <summary>Every <c>pay</c> call the sandbox executed on the invoice, in order (idempotent replays are not calls).</summary>
    public async Task<List<SandboxPayCall>> PayCallsAsync(string? invoiceId = null) =>
        await _http.GetFromJsonAsync<List<SandboxPayCall>>(
            invoiceId is null ? "/sandbox/record/pay-calls" : $"/sandbox/record/pay-calls?invoice={invoiceId}") ?? [];

    /// <summary>Plays a fault on every <c>/v1</c> answer (<c>status429</c>, <c>status500</c>, <c>slow</c>, <c>hang</c>, <c>none</c>) for a while.</summary>
    public async Task FaultAsync(string mode, int durationSeconds = 60, int? delayMs = null)
    {
        using var response = await _http.PostAsJsonAsync("/sandbox/faults", new { mode, durationSeconds, delayMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The customer pays on the sandbox's hosted invoice page at <paramref name="hostedInvoiceUrl"/> (an invoice's
    /// <c>hosted_invoice_url</c>, e.g. the link in an email) with a new card; the sandbox's outcome (<c>succeeded</c>, <c>declined</c>, …).
    /// </summary>
    public async Task<string> PayOnHostedPageAsync(string hostedInvoiceUrl, string cardToken = "pm_card_visa")
    {
        using var response = await _http.PostAsync($"{OwnLink(hostedInvoiceUrl)}/pay?card={Uri.EscapeDataString(cardToken)}", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("outcome").GetString()!;
    }

    /// <summary>
    /// The customer sets a new default card in the sandbox's billing portal at <paramref name="portalSessionUrl"/> (a billing-portal
    /// session's <c>url</c>); the id of the customer the sandbox created that session for. Fails (404) for a session it never created.
    /// </summary>
    public async Task<string> UpdateCardInPortalAsync(string portalSessionUrl, string cardToken = "pm_card_visa")
    {
        using var response = await _http.PostAsync($"{OwnLink(portalSessionUrl)}/card?card={Uri.EscapeDataString(cardToken)}", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("customer").GetString()!;
    }

    private string OwnLink(string url) => url.StartsWith(ApiBase + "/sandbox/hosted/", StringComparison.Ordinal)
        ? url : throw new ArgumentException($"{url} is not a hosted page of the sandbox at {ApiBase}", nameof(url));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
