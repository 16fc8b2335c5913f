using Dunning.Contracts;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>Declines as tests write them.</summary>
public static class Declines
{
    public static DeclineDetails Of(string? declineCode = null, string? adviceCode = null, string? networkDecline = null,
        string? networkAdvice = null, string? failureCode = "card_declined", string brand = "visa") =>
        new(failureCode, declineCode, adviceCode, networkDecline, networkAdvice, brand, "fp_test", "pm_test");
}
