using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Generator;

/// <summary>
/// A believable month of subscription traffic on one test clock. First, customers sign up over the
/// month before (a working card, so the first invoice is paid), then get their renewal card — most
/// still work, some decline, some recover. Then the clock walks the renewal month a day at a time,
/// <see cref="GeneratorOptions.Speed"/> real seconds per day, so renewals fail and succeed as they fall due.
/// The same seed gives the same customers, cards, currencies and amounts.
/// </summary>
/// <param name="afterStep">
/// Called after each step of the renewal month and the dunning days with the clock's id and new time (unix seconds), before the
/// next step: a caller that must see the system take in each step (the policy lab's validation) waits there.
/// </param>
public sealed class TrafficGenerator(SandboxApiClient api, GeneratorOptions options, Action<string> log,
    Func<string, long, CancellationToken, Task>? afterStep = null)
{
    private static readonly (string Value, int Weight)[] Currencies = [("usd", 60), ("eur", 25), ("gbp", 15)];
    private static readonly (long Value, int Weight)[] Amounts = [(900, 25), (1900, 30), (2900, 20), (4900, 15), (9900, 10)];
    private static readonly (string Value, int Weight)[] Locales = [("en", 70), ("nl", 20), ("ro", 10)];

    private readonly Random _random = new(options.Seed);

    // Its own sequence, so the checkout share leaves a seed's customers, cards, currencies and amounts as they were.
    private readonly Random _signupPath = new(unchecked((options.Seed * 397) ^ 0x0C4EC0));
    private readonly Random _expiring = new(unchecked((options.Seed * 7919) ^ 0xE4B1));
    private readonly Dictionary<string, string> _prices = [];

    public int CustomersCreated { get; private set; }

    public int DaysDone { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        // Sign-ups over the month before last and their renewals over the last month, ending now — never in the
        // future, so a real-time consumer (Dunning's retry schedule) sees no failure dated ahead of its clock.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (options.StepHours < 24) now -= now % 3_600; // steps on whole hours, where the learned timing's slots are
        var signupStart = now - 2L * options.Days * 86_400L;
        var clock = await api.PostAsync("/v1/test_helpers/test_clocks",
            ("frozen_time", signupStart.ToString(CultureInfo.InvariantCulture)), ("name", $"generator seed {options.Seed}"));
        var clockId = clock["id"]!.GetValue<string>();
        var signups = Enumerable.Range(0, options.Customers).GroupBy(_ => _random.Next(options.Days)).ToDictionary(g => g.Key, g => g.ToList());

        await WalkAsync(options.SignupSpeed, options.Days, async day =>
        {
            if (day > 0) await AdvanceAsync(clockId, signupStart + day * 86_400L);
            foreach (var i in signups.GetValueOrDefault(day, [])) await SignUpAsync(clockId, i, signupStart + day * 86_400L);
        }, ct);
        log($"{CustomersCreated} customers signed up; walking {options.Days} renewal days");
        var renewalStart = signupStart + options.Days * 86_400L;
        await WalkStepsAsync(clockId, renewalStart, options.Days, ct, day => DaysDone = day + 1);
        if (options.DunningDays > 0)
        {
            log($"walking {options.DunningDays} days of dunning");
            await WalkStepsAsync(clockId, renewalStart + options.Days * 86_400L, options.DunningDays, ct);
        }
        log($"done: {CustomersCreated} customers, {options.Days} days on clock {clockId}");
    }

    /// <summary>
    /// Runs <paramref name="day"/> for days 0..<paramref name="days"/>-1, day n ending <paramref name="speed"/> × (n + 1)
    /// real seconds after the first began, however long a day's calls took: the pace holds (0 = flat out).
    /// </summary>
    private static async Task WalkAsync(double speed, int days, Func<int, Task> day, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < days; n++)
        {
            ct.ThrowIfCancellationRequested();
            await day(n);
            var untilDayEnds = TimeSpan.FromSeconds(speed * (n + 1)) - Stopwatch.GetElapsedTime(started);
            if (untilDayEnds > TimeSpan.Zero) await Task.Delay(untilDayEnds, ct);
        }
    }

    /// <summary>
    /// Walks <paramref name="days"/> days from <paramref name="from"/> in steps of <see cref="GeneratorOptions.StepHours"/>, each
    /// day paced at <see cref="GeneratorOptions.Speed"/>; <paramref name="dayDone"/> hears of each day whose last step was taken.
    /// </summary>
    private Task WalkStepsAsync(string clockId, long from, int days, CancellationToken ct, Action<int>? dayDone = null)
    {
        var stepSeconds = Math.Clamp(options.StepHours, 1, 24) * 3_600L;
        return WalkAsync(options.Speed, days, async day =>
        {
            var dayEnd = from + (day + 1) * 86_400L;
            for (var to = Math.Min(from + day * 86_400L + stepSeconds, dayEnd); ; to = Math.Min(to + stepSeconds, dayEnd))
            {
                await AdvanceAsync(clockId, to);
                if (afterStep is not null) await afterStep(clockId, to, ct);
                if (to == dayEnd) break;
            }
            dayDone?.Invoke(day);
        }, ct);
    }

    private Task AdvanceAsync(string clockId, long to) =>
        api.PostAsync($"/v1/test_helpers/test_clocks/{clockId}/advance", ("frozen_time", to.ToString(CultureInfo.InvariantCulture)));

    private async Task SignUpAsync(string clockId, int i, long at)
    {
        var owner = $"g{options.Seed}c{i}";
        var renewalCard = CardMix.Pick(_random, options.FailureRate, owner, options.Mix);
        var currency = CardMix.Weighted(_random, Currencies);
        var amount = CardMix.Weighted(_random, Amounts);
        var locale = CardMix.Weighted(_random, Locales);
        var price = await PriceAsync(currency, amount);
        var card = _signupPath.NextDouble() < options.CheckoutShare
            ? await SignUpThroughCheckoutAsync(clockId, i, owner, locale, price, renewalCard)
            : await SignUpWithCustomerDefaultAsync(clockId, i, owner, locale, price, renewalCard);
        if (_expiring.NextDouble() < options.ExpiringShare) await ExpireAtMonthEndAsync(card, at);
        CustomersCreated++;
    }

    /// <summary>The card expires at the end of the sign-up month: the monthly renewal, next month, finds it expired.</summary>
    private Task ExpireAtMonthEndAsync(string paymentMethodId, long signedUpAt)
    {
        var month = DateTimeOffset.FromUnixTimeSeconds(signedUpAt);
        return api.PostAsync($"/v1/payment_methods/{paymentMethodId}", ("card[exp_month]", month.Month.ToString(CultureInfo.InvariantCulture)),
            ("card[exp_year]", month.Year.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The card is the customer's invoice_settings.default_payment_method, and so is the renewal card (its id returned).</summary>
    private async Task<string> SignUpWithCustomerDefaultAsync(string clockId, int i, string owner, string locale, string price, string renewalCard)
    {
        var customer = await api.PostAsync("/v1/customers",
            ("email", $"customer{i}.seed{options.Seed}@example.com"), ("name", $"Customer {i}"),
            ("preferred_locales[0]", locale), ("test_clock", clockId),
            ("payment_method", "pm_card_visa__" + owner + "_signup"),
            ("invoice_settings[default_payment_method]", "pm_card_visa__" + owner + "_signup"));
        var customerId = customer["id"]!.GetValue<string>();
        await api.PostAsync("/v1/subscriptions", ("customer", customerId), ("items[0][price]", price));
        var updated = await api.PostAsync("/v1/customers/" + customerId, ("invoice_settings[default_payment_method]", renewalCard));
        return updated["invoice_settings"]!["default_payment_method"]!.GetValue<string>();
    }

    /// <summary>
    /// As Checkout (subscription mode) does: the collected card is the subscription's default_payment_method and the
    /// customer has no invoice default; the renewal card replaces it on the subscription (its id returned).
    /// </summary>
    private async Task<string> SignUpThroughCheckoutAsync(string clockId, int i, string owner, string locale, string price, string renewalCard)
    {
        var customer = await api.PostAsync("/v1/customers",
            ("email", $"customer{i}.seed{options.Seed}@example.com"), ("name", $"Customer {i}"),
            ("preferred_locales[0]", locale), ("test_clock", clockId));
        var customerId = customer["id"]!.GetValue<string>();
        var subscription = await api.PostAsync("/v1/subscriptions", ("customer", customerId), ("items[0][price]", price),
            ("default_payment_method", "pm_card_visa__" + owner + "_signup"));
        var updated = await api.PostAsync("/v1/subscriptions/" + subscription["id"]!.GetValue<string>(), ("default_payment_method", renewalCard));
        return updated["default_payment_method"]!.GetValue<string>();
    }

    private async Task<string> PriceAsync(string currency, long amount)
    {
        var key = $"{currency}:{amount}";
        if (_prices.TryGetValue(key, out var id)) return id;
        JsonObject price = await api.PostAsync("/v1/prices", ("currency", currency), ("unit_amount", amount.ToString(CultureInfo.InvariantCulture)),
            ("recurring[interval]", "month"), ("product_data[name]", $"Plan {amount / 100} {currency.ToUpperInvariant()}"));
        return _prices[key] = price["id"]!.GetValue<string>();
    }
}
