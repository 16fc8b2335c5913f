namespace Dunning.Testing;

/// <summary>One <c>pay</c> call as the sandbox executed it (<c>GET /sandbox/record/pay-calls</c>).</summary>
/// <param name="Outcome"><c>succeeded</c>, <c>declined</c>, <c>requires_action</c>, <c>paid_out_of_band</c> or <c>rejected</c>.</param>
public sealed record SandboxPayCall(string Invoice, string? IdempotencyKey, string Outcome, string? DeclineCode, string? Charge, DateTimeOffset At);
