namespace Dunning.Sandbox.Webhooks;

/// <summary>Where events go: a URL, its signing secret and the event types it wants ("*" for all).</summary>
public sealed record WebhookTarget(string Id, string Url, string Secret, IReadOnlyList<string> EnabledEvents)
{
    public bool Wants(string type) => EnabledEvents.Any(e => e == "*" || e == type);
}
