using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dunning.Sandbox.Domain;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Endpoints;

/// <summary>
/// A stand-in for the business's own application, so a demo or a drill can turn Dunning's webhooks to the business on without
/// writing one: <c>POST /sandbox/app/dunning-webhooks</c> checks the <c>Dunning-Signature</c> (when a secret is set), keeps every
/// delivery in the record (<c>/sandbox/record/business-webhooks</c>, duplicates included) and answers 200. Not a Stripe behaviour:
/// the business's side of Dunning's webhooks, which are signed as Stripe documents for its own ("Verify signatures manually").
/// </summary>
public static class DemoAppEndpoints
{
    public static void MapDemoApp(this IEndpointRouteBuilder sandbox)
    {
        sandbox.MapPost("/app/dunning-webhooks", async (HttpRequest request, SandboxRecord record, IOptions<SandboxOptions> options) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var secret = options.Value.BusinessWebhookSecret;
            var verified = secret.Length > 0 && Verifies(body, request.Headers["Dunning-Signature"].ToString(), secret);
            if (secret.Length > 0 && !verified)
                return Results.BadRequest(new { error = "Dunning-Signature does not match Sandbox:BusinessWebhookSecret." });
            using var json = JsonDocument.Parse(body);
            var e = json.RootElement;
            var invoice = e.GetProperty("data").GetProperty("object").TryGetProperty("invoice", out var i) ? i.GetString() : null;
            record.AddBusinessWebhook(e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, invoice, verified);
            return Results.Ok();
        });
    }

    /// <summary>The README's recipe: t and a v1 HMAC-SHA256 of "t.body" that matches, within five minutes.</summary>
    private static bool Verifies(string body, string header, string secret)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (t is null || !long.TryParse(t, CultureInfo.InvariantCulture, out var unix) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > 300)
            return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return parts.Any(p => p[0] == "v1" && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), Encoding.ASCII.GetBytes(expected)));
    }
}
