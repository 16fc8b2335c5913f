using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>What the Stripe sandbox itself recorded — the independent witness of what Dunning did to "Stripe".</summary>
public static class SandboxRecord
{
    public static async Task<List<JsonElement>> PayCallsAsync(ServiceProcess sandbox, string invoiceId)
    {
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var calls = await client.GetFromJsonAsync<JsonElement>($"/sandbox/record/pay-calls?invoice={invoiceId}");
        return calls.EnumerateArray().ToList();
    }
}
