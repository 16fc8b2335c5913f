using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>
/// Every page shows a Stripe amount in the currency's own unit (money.js). Stripe's amounts are integers in its minor unit, which
/// is the whole unit for zero-decimal currencies (1500 is ¥1,500) and the thousandth for three-decimal ones (5124 is 5.124 KWD), and
/// the hundredth for every other currency, ISK included although ISO 4217 gives it no decimals (docs.stripe.com/currencies).
/// </summary>
public sealed class MoneyDisplayTests(MetricsService service) : IClassFixture<MetricsService>
{
    public static TheoryData<string> Pages => ["/", "/console.html", "/experiments.html", "/backtests.html"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_shows_amounts_in_the_currencys_own_unit(string path)
    {
        await using var page = await ChromiumPage.OpenAsync(new Uri(service.Process.BaseAddress, path), 1280, 800, "typeof money === 'function'");

        Assert.Equal("$19.00", await MoneyAsync(page, 1_900, "usd"));
        Assert.Equal("€0.05", await MoneyAsync(page, 5, "eur"));
        Assert.Equal("¥1,500", await MoneyAsync(page, 1_500, "jpy"));
        Assert.Equal("₩25,000", await MoneyAsync(page, 25_000, "krw"));
        Assert.Equal("KWD 5.124", await MoneyAsync(page, 5_124, "kwd"));
        Assert.Equal("ISK 500", await MoneyAsync(page, 50_000, "isk"));
        Assert.Equal("1500", (await page.EvaluateAsync("String(majorUnits(1500, 'JPY'))"))!.GetValue<string>());
    }

    private static async Task<string> MoneyAsync(ChromiumPage page, long minor, string currency) =>
        (await page.EvaluateAsync($"money({minor}, '{currency}')"))!.GetValue<string>().Replace('\u00a0', ' ');
}
