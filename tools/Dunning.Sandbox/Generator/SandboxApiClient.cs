using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Generator;

/// <summary>A minimal form-encoded Stripe API client for the generator (the sandbox does not depend on Stripe.net).</summary>
public sealed class SandboxApiClient(HttpClient http, string baseUrl, string apiKey)
{
    public async Task<JsonObject> PostAsync(string path, params (string Key, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 402)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {body.ToJsonString()}");
        }
        return body;
    }
}
