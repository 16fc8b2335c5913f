using CsCheck;
using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.Lab.Tests.Learning;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using Dunning.RetryScheduler.Domain;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary>Whatever the history and the policy, scheduled or learned timing, no retry the backtest plans breaks a card network's rule.</summary>
public sealed class NetworkRulePropertyTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<RetryPolicyOptions> GenPolicy =
        Gen.Select(
            Gen.Select(Gen.Int[1, 20], Gen.Int[1, 40], Gen.Int[1, 72], Gen.Double[1, 2], Gen.Int[1, 96], Gen.Int[0, 24], Gen.Double[0, 0.5], Gen.Bool),
            Gen.Select(Gen.Int[1, 20], Gen.Int[1, 30], Gen.Int[1, 35], Gen.Int[1, 30], Gen.OneOf<int?>(null, 1, 2, 5, 10), Gen.Int[1, 48], Gen.Int[0, 30]))
        .Select((schedule, rules) => new RetryPolicyOptions
        {
            MaxAttempts = schedule.Item1,
            Window = TimeSpan.FromDays(schedule.Item2),
            FirstRetryAfter = TimeSpan.FromHours(schedule.Item3),
            BackoffFactor = schedule.Item4,
            BackoffCap = TimeSpan.FromHours(schedule.Item5),
            MinSpacing = TimeSpan.FromHours(schedule.Item6),
            Jitter = schedule.Item7,
            PreferStartOfDay = schedule.Item8,
            Visa = new VisaRuleOptions { MaxAttempts = rules.Item1, Period = TimeSpan.FromDays(rules.Item2) },
            Mastercard = new MastercardRuleOptions
            {
                MaxAttempts = rules.Item3, Period = TimeSpan.FromDays(rules.Item4), ShortMaxAttempts = rules.Item5,
                ShortPeriod = TimeSpan.FromHours(rules.Item6), DoNotRetryPeriod = TimeSpan.FromDays(rules.Item7),
            },
        });

    private static readonly Gen<DeclineDetails?> GenDecline =
        Gen.Select(
            Gen.OneOf<string?>(null, "generic_decline", "insufficient_funds", "do_not_honor", "stolen_card"),
            Gen.OneOf<string?>(null, null, "51", "05", "04"),
            Gen.OneOf<string?>(null, null, null, "02", "03", "21", "24", "27"),
            Gen.Bool)
        .Select((code, networkCode, advice, recorded) =>
            recorded ? new DeclineDetails("card_declined", code, null, networkCode, advice, null, null, null) : null);

    /// <summary>Up to 30 failures on up to 3 shared cards (plus cards of their own), within 40 days: cards get crowded.</summary>
    private static readonly Gen<List<FailedInvoice>> GenHistory =
        Gen.Select(Gen.OneOf<string?>("visa", "mastercard", "amex", null), Gen.OneOf<string?>("visa", "mastercard"),
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, 60 * 24 * 40], Gen.OneOf(900L, 2500L), Gen.Enum<DeclineCategory>(), GenDecline,
                Gen.OneOf<string?>(null, "Europe/Berlin", "America/New_York", "Asia/Tokyo"), Gen.Bool).Array[1, 30])
        .Select((brand0, brand1, invoices) => invoices.Select((f, i) =>
        {
            var (card, minutes, amount, category, decline, zone, customer) = f;
            var fingerprint = card == 3 ? null : $"fp{card}";
            var brand = card switch { 0 => brand0, 1 => brand1, 2 => "visa", _ => "mastercard" };
            var first = new PaymentAttempt(1, Epoch.AddMinutes(minutes), false, category,
                (decline ?? DeclineDetails.None) with { CardFingerprint = fingerprint }, CustomerInitiated: customer);
            return new FailedInvoice($"in_{i}", "cus", amount, "usd", brand, zone, [first], RecoveryOutcome.NotRecovered);
        }).ToList());

    [Fact]
    public void No_planned_retry_breaks_a_network_rule_counted_independently()
    {
        var planned = 0L;
        Gen.Select(GenHistory, GenPolicy).Sample((history, policy) =>
            Interlocked.Add(ref planned, Checked(AttemptPlanner.Plan(history, policy), policy)), iter: 1_000);
        Assert.True(planned > 1_000, $"only {planned} retries planned: the property would say little");
    }

    /// <summary>The learned timing chooses its own slots: they keep the same rules and the spacing, and never fall in the customer's quiet hours.</summary>
    [Fact]
    public void No_retry_a_learned_timing_plans_breaks_a_network_rule_the_spacing_or_falls_in_quiet_hours()
    {
        var planned = 0L;
        Gen.Select(GenHistory, GenPolicy).Sample((history, policy) =>
        {
            var plan = AttemptPlanner.Plan(history, policy, Learned.Value);
            Interlocked.Add(ref planned, Checked(plan, policy));
            foreach (var c in plan.Cases)
            {
                Assert.All(c.Retries, at => Assert.False(InQuietHours(at, c.Invoice.TimeZone ?? policy.DefaultTimeZone, policy), $"{at:u} is in quiet hours"));
                DateTimeOffset[] attempts = [c.Invoice.FirstFailedAt, .. c.Retries];
                Assert.All(attempts.Zip(attempts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= policy.MinSpacing, "closer than the spacing"));
            }
        }, iter: 150, threads: 1);
        Assert.True(planned > 500, $"only {planned} retries planned: the property would say little");
    }

    /// <summary>Trained once for the class, on the learned model's synthetic history (small: the property checks rules, not skill).</summary>
    private static readonly Lazy<LearnedTiming> Learned = new(() => new LearnedTiming(LearnedOutcomeModel.Train(PaydayHistory.Generate(2_000, seed: 5))));

    /// <summary>Asserts the plan breaks no rule, keeps the cap and the window and retries no hard decline; returns the retries planned.</summary>
    private static long Checked(BacktestPlan plan, RetryPolicyOptions policy)
    {
        var planned = 0L;
        foreach (var card in plan.Cards)
            for (var i = 0; i < card.Attempts.Count; i++)
                if (card.Attempts[i].Planned)
                {
                    planned++;
                    Assert.Empty(RulesBroken(card.Brand, [.. card.Attempts.Take(i).Select(e => e.Attempt)], card.Attempts[i].Attempt, policy));
                }
        foreach (var c in plan.Cases)
        {
            Assert.True(c.Retries.Count <= policy.MaxAttempts);
            Assert.All(c.Retries, at => Assert.InRange(at, c.Invoice.FirstFailedAt, c.Invoice.FirstFailedAt + policy.Window));
            if (c.Invoice.Attempts[0].Category == DeclineCategory.Hard) Assert.Empty(c.Retries);
        }
        return planned;
    }

    /// <summary>The customer's local time of day in [start, end), the night wrapping past midnight when start is after end.</summary>
    private static bool InQuietHours(DateTimeOffset at, string zone, RetryPolicyOptions policy)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).TimeOfDay;
        var (start, end) = (policy.QuietHoursStart, policy.QuietHoursEnd);
        return start <= end ? local >= start && local < end : local >= start || local < end;
    }

    /// <summary>
    /// The rules <paramref name="attempt"/> breaks given the card's <paramref name="earlier"/> attempts, counted here straight from
    /// docs/network-rules.md: Visa counts merchant-initiated attempts, Mastercard attempts of one amount and all attempts in its
    /// short period, and allows none after advice 03 or 21. A card of another or unknown brand keeps both networks' rules.
    /// </summary>
    private static IEnumerable<string> RulesBroken(string? brand, IReadOnlyList<CardAttempt> earlier, CardAttempt attempt, RetryPolicyOptions policy)
    {
        var (visa, mastercard) = (brand != "mastercard", brand != "visa");
        int Counted(TimeSpan period, Func<CardAttempt, bool> counts) => earlier.Count(a => a.At > attempt.At - period && counts(a));
        if (visa && Counted(policy.Visa.Period, a => a.Source != AttemptSource.Customer) >= policy.Visa.MaxAttempts)
            yield return "Visa: merchant-initiated attempts";
        if (mastercard && Counted(policy.Mastercard.Period, a => a.Amount is null || a.Amount == attempt.Amount) >= policy.Mastercard.MaxAttempts)
            yield return "Mastercard: attempts of the amount";
        if (mastercard && policy.Mastercard.ShortMaxAttempts is { } shortMax && Counted(policy.Mastercard.ShortPeriod!.Value, _ => true) >= shortMax)
            yield return "Mastercard: attempts in the short period";
        if (mastercard && Counted(policy.Mastercard.DoNotRetryPeriod, a => a.NetworkAdviceCode is "03" or "21") > 0)
            yield return "Mastercard: within the period after advice 03 or 21";
    }
}
