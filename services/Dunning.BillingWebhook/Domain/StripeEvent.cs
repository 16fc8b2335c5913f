using System.Text.Json;
using Dunning.BillingWebhook.Domain.Mapping;

namespace Dunning.BillingWebhook.Domain;

/// <summary>The envelope fields Dunning needs, read from the raw JSON (any API version).</summary>
/// <param name="RequestIdempotencyKey">The idempotency key of the API request that caused the event (<c>request.idempotency_key</c>), if any.</param>
public sealed record StripeEvent(string Id, string Type, DateTimeOffset Created, JsonElement Object, JsonElement? PreviousAttributes,
    string? RequestIdempotencyKey = null)
{
    /// <summary>9999-12-31T23:59:59Z, the latest instant <see cref="DateTimeOffset"/> holds.</summary>
    private const long LatestUnixTime = 253_402_300_799;

    /// <summary>Parses an event body; returns null and a reason when it is not a usable Stripe event.</summary>
    public static StripeEvent? TryParse(string body, out string? error)
    {
        error = null;
        JsonElement root;
        try { root = JsonDocument.Parse(body).RootElement; }
        catch (JsonException exception) { error = $"Body is not valid JSON: {exception.Message}"; return null; }

        if (root.ValueKind != JsonValueKind.Object) { error = "Body must be a JSON object (a Stripe event)."; return null; }
        var id = root.String("id");
        var type = root.String("type");
        if (string.IsNullOrEmpty(id)) { error = "Event has no 'id'."; return null; }
        if (string.IsNullOrEmpty(type)) { error = "Event has no 'type'."; return null; }
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
        { error = "Event has no 'data.object'."; return null; }

        // Every Stripe event has one (Stripe.net 53.1.0, Event.Created); an event without it cannot be planned or reported.
        if (!root.TryGetProperty("created", out var c) || !c.TryGetInt64(out var unix))
        { error = "Event has no 'created' (a Unix time in seconds)."; return null; }
        if (unix is < 0 or > LatestUnixTime) { error = $"Event 'created' ({unix}) is not a Unix time in seconds between 1970 and 9999."; return null; }
        var created = DateTimeOffset.FromUnixTimeSeconds(unix);
        if (obj.String("currency") is { } currency && !LedgerFields.IsCurrency(currency))
        { error = $"Event's data.object.currency '{currency}' is not a three-letter ISO code in lowercase, as Stripe sends it."; return null; }
        JsonElement? previous = data.TryGetProperty("previous_attributes", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
        return new StripeEvent(id, type, created, obj, previous, root.String("request", "idempotency_key"));
    }
}
