using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Webhooks;

/// <summary>The default endpoint from configuration plus those created through /v1/webhook_endpoints.</summary>
public sealed class WebhookTargets
{
    private readonly Lock _gate = new();
    private readonly List<WebhookTarget> _targets = [];

    public WebhookTargets(IOptions<SandboxOptions> options)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.WebhookUrl))
        {
            _targets.Add(new WebhookTarget("we_sandbox_default", o.WebhookUrl, o.WebhookSecret, ["*"]));
        }
    }

    public void Add(WebhookTarget target)
    {
        lock (_gate) _targets.Add(target);
    }

    public bool Remove(string id)
    {
        lock (_gate) return _targets.RemoveAll(t => t.Id == id) > 0;
    }

    public IReadOnlyList<WebhookTarget> For(string eventType)
    {
        lock (_gate) return _targets.Where(t => t.Wants(eventType)).ToList();
    }
}
