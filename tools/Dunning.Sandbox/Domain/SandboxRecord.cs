using Dunning.Sandbox.Webhooks;

namespace Dunning.Sandbox.Domain;

/// <summary>The sandbox's own log for tests and drills: every pay call it executed and every webhook attempt.</summary>
public sealed class SandboxRecord(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<PayCallRecord> _payCalls = [];
    private readonly List<WebhookDeliveryRecord> _deliveries = [];
    private readonly List<BusinessWebhookRecord> _businessWebhooks = [];

    public void AddPayCall(string invoiceId, string? idempotencyKey, string outcome, string? declineCode, string? chargeId)
    {
        lock (_gate) _payCalls.Add(new PayCallRecord(invoiceId, idempotencyKey, outcome, declineCode, chargeId, time.GetUtcNow()));
    }

    public void AddDelivery(WebhookDelivery d, int? status, string? error)
    {
        var ok = status is >= 200 and < 300;
        var record = new WebhookDeliveryRecord(d.EventId, d.EventType, d.Target.Url, d.Attempt, status, ok, error, time.GetUtcNow(), d.QueuedAt);
        lock (_gate) _deliveries.Add(record);
    }

    public void AddBusinessWebhook(string eventId, string type, string? invoice, bool verified)
    {
        lock (_gate) _businessWebhooks.Add(new BusinessWebhookRecord(eventId, type, invoice, verified, time.GetUtcNow()));
    }

    public IReadOnlyList<BusinessWebhookRecord> BusinessWebhooks()
    {
        lock (_gate) return _businessWebhooks.ToList();
    }

    public IReadOnlyList<PayCallRecord> PayCalls()
    {
        lock (_gate) return _payCalls.ToList();
    }

    public IReadOnlyList<WebhookDeliveryRecord> Deliveries()
    {
        lock (_gate) return _deliveries.ToList();
    }
}

public sealed record PayCallRecord(string Invoice, string? IdempotencyKey, string Outcome, string? DeclineCode, string? Charge, DateTimeOffset At);

public sealed record WebhookDeliveryRecord(string EventId, string Type, string Url, int Attempt, int? Status, bool Delivered, string? Error, DateTimeOffset At,
    DateTimeOffset QueuedAt);

/// <summary>A webhook Dunning sent to the demo business endpoint; <c>Verified</c>: its signature matched the configured secret.</summary>
public sealed record BusinessWebhookRecord(string EventId, string Type, string? Invoice, bool Verified, DateTimeOffset At);
