namespace Dunning.Sandbox.Domain;

/// <summary>How an issuer (or Stripe) turns a charge down: the charge's failure fields and outcome.</summary>
public sealed record Decline(
    string FailureCode,
    string DeclineCode,
    string Message,
    string? AdviceCode,
    string? NetworkDeclineCode,
    string OutcomeType = "issuer_declined",
    string NetworkStatus = "declined_by_network",
    string? SellerMessage = null,
    string? NetworkAdviceCode = null)
{
    public string OutcomeReason => DeclineCode;

    public string Seller => SellerMessage ?? $"The bank returned the decline code `{DeclineCode}`.";
}
