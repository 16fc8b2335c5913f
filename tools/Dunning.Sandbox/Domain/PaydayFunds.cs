using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// The sandbox-only card <c>pm_sandbox_payday{P}</c>: a customer short of funds whose money comes in around paydays, for the
/// policy lab's validation (issue 19), where recovery must depend on a retry's timing. Not a Stripe behaviour: Stripe's test
/// cards decline always or never. The first charge declines with <c>insufficient_funds</c>; each later one succeeds with
/// <see cref="Chance"/> at its clock time, drawn independently of the card's other charges but the same every time for one
/// card and charge number, so a run can be repeated.
/// </summary>
public static class PaydayFunds
{
    /// <summary>The 1st and the 15th, and the two days after each (UTC: Stripe tells no customer's zone).</summary>
    public static bool IsPaydayWeek(int dayOfMonth) => dayOfMonth is >= 1 and <= 3 or >= 15 and <= 17;

    /// <summary>
    /// The chance that charge number <c>n</c> (after the first) succeeds at <paramref name="at"/>: <paramref name="basePercent"/> %,
    /// three times that in the days of <see cref="IsPaydayWeek"/>, half as much again in the morning (06–11 UTC) and half at
    /// night (00–05 UTC); at most 95 %.
    /// </summary>
    public static double Chance(long basePercent, DateTimeOffset at)
    {
        var p = basePercent / 100.0;
        if (IsPaydayWeek(at.Day)) p *= 3;
        p *= at.Hour switch { < 6 => 0.5, < 12 => 1.5, _ => 1 };
        return Math.Min(p, 0.95);
    }

    /// <summary>
    /// Whether charge number <paramref name="charge"/> (0 = the first) of <paramref name="card"/> at clock time <paramref name="now"/>
    /// succeeds.
    /// </summary>
    public static bool Clear(TestCard card, int charge, long now) =>
        Draw(card.Fingerprint, charge) < Chance(card.Threshold, DateTimeOffset.FromUnixTimeSeconds(now));

    /// <summary>A number in [0, 1) fixed by the card and the charge's number.</summary>
    private static double Draw(string fingerprint, int charge)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{fingerprint}:{charge}"));
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
