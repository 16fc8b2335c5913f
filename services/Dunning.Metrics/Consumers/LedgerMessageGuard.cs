using Dunning.Platform.Messaging;

namespace Dunning.Metrics.Consumers;

/// <summary>Refuses money the ledger cannot hold, so the message lands in the <c>_error</c> queue instead of a wrong figure.</summary>
public static class LedgerMessageGuard
{
    public static void EnsureValid(long amountMinor, string currency)
    {
        if (amountMinor < 0)
            throw new InvalidMessageException($"Amount {amountMinor} is negative; the ledger holds amounts due (>= 0).");
        if (currency is not { Length: 3 } || !char.IsAsciiLetter(currency[0]) || !char.IsAsciiLetter(currency[1]) || !char.IsAsciiLetter(currency[2]))
            throw new InvalidMessageException($"Currency '{currency}' is not a 3-letter ISO code.");
    }
}
