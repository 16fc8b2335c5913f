using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>
/// A message an event implies, guarded by the fact it records about a Stripe object:
/// a <see cref="Once"/> fact is published the first time only; any fact already known from
/// <see cref="BlockedBy"/> (e.g. the invoice was paid) suppresses it, whatever the arrival order.
/// </summary>
public sealed record Outgoing(IDunningMessage Message, string EntityId, string Fact, bool Once, params string[] BlockedBy);
