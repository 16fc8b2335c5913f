using Dunning.Sandbox.Webhooks;

namespace Dunning.Sandbox.Domain;

/// <summary>The sandbox's own log for tests and drills: every pay call it executed and every webhook attempt.</summary>
public sealed class SandboxRecord(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<PayCallRecord> _payCalls = [];
    private readonly List<WebhookDeliveryRecord> _deliveries = [];

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
