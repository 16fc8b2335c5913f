using Dunning.RetryScheduler.Cases;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// The idempotency keys of a case's Stripe calls, all starting <c>dunning:{caseId}:</c>, so the events they cause
/// (<c>request.idempotency_key</c>) name the case. A pay call's key stays the same until Stripe answers it; Stripe saves
/// even a 5xx answer under its key (and replays it for 24 h), so after one the key gets a renewal suffix.
/// </summary>
public static class PayCallKeys
{
    public static string PrefixOf(Guid caseId) => $"dunning:{caseId}:";

    public static string PayCall(CaseState c, int payCall) =>
        c.PayKeyRenewals == 0 ? $"{PrefixOf(c.Id)}{payCall}" : $"{PrefixOf(c.Id)}{payCall}:r{c.PayKeyRenewals}";

    public static string FinalAction(Guid caseId) => $"{PrefixOf(caseId)}final";

    public static string DefaultCard(Guid caseId, string paymentMethodId) => $"{PrefixOf(caseId)}default-card:{paymentMethodId}";
}
