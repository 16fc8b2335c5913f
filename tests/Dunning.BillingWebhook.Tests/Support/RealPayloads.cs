using System.Text.Json.Nodes;
using Dunning.BillingWebhook.Domain;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>
/// Stripe payloads recorded from Stripe by other open-source projects, kept verbatim under
/// <c>Fixtures/Real/</c> (sources, licences and API versions in <c>Fixtures/Real/SOURCES.md</c>).
/// </summary>
public static class RealPayloads
{
    /// <summary>The fixture's text, exactly as stored.</summary>
    public static string Text(string fixture)
    {
        using var stream = typeof(RealPayloads).Assembly.GetManifestResourceStream($"real/{fixture}")
            ?? throw new ArgumentException($"No embedded real payload named {fixture}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A whole recorded event, parsed the way the webhook endpoint parses a body.</summary>
    public static StripeEvent Event(string fixture) =>
        StripeEvent.TryParse(Text(fixture), out var error) ?? throw new InvalidOperationException($"{fixture}: {error}");

    /// <summary>
    /// A fixture that recorded only the event's <c>data</c> (<c>{"object": …, "previous_attributes": …}</c>, as pay-rails keeps them):
    /// the recorded <c>data</c> is used untouched, inside the minimal envelope Stripe puts around it.
    /// </summary>
    public static StripeEvent DataOnly(string fixture, string eventId, string type, long created)
    {
        var envelope = new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["type"] = type,
            ["created"] = created,
            ["data"] = JsonNode.Parse(Text(fixture)),
        };
        return StripeEvent.TryParse(envelope.ToJsonString(), out var error) ?? throw new InvalidOperationException($"{fixture}: {error}");
    }

    /// <summary>
    /// A fixture that recorded only the event's <c>data.object</c> (as trigger.dev keeps its Stripe examples):
    /// the recorded object is used untouched, inside the minimal envelope Stripe puts around it.
    /// </summary>
    public static StripeEvent ObjectOnly(string fixture, string eventId, string type, long created)
    {
        var envelope = new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["type"] = type,
            ["created"] = created,
            ["data"] = new JsonObject { ["object"] = JsonNode.Parse(Text(fixture)) },
        };
        return StripeEvent.TryParse(envelope.ToJsonString(), out var error) ?? throw new InvalidOperationException($"{fixture}: {error}");
    }
}
