namespace Dunning.Sandbox.Webhooks;

/// <summary>
/// Where events go: a URL, its signing secret, the event types it wants ("*" for all), and the API version its events
/// are stamped with (null: the account's, <see cref="SandboxOptions.ApiVersion"/>) — Stripe keeps the version a webhook
/// endpoint was created with. Only the stamp: the sandbox renders every version's objects in its own shape.
/// </summary>
public sealed record WebhookTarget(string Id, string Url, string Secret, IReadOnlyList<string> EnabledEvents, string? ApiVersion = null)
{
    public bool Wants(string type) => EnabledEvents.Any(e => e == "*" || e == type);
}
