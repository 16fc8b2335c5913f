using Dunning.Metrics.Tests.Support;
using Dunning.Testing;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>
/// Every dashboard page gets its header from chrome.js: its own title, the five pages' links with itself marked, and, without a
/// key, the login form; with the key in the fragment, the log-out button instead.
/// </summary>
public sealed class PageChromeTests(MetricsService service) : IClassFixture<MetricsService>
{
    [Theory]
    [InlineData("/", "Dunning finance", "/")]
    [InlineData("/ops.html", "Dunning ops", "ops.html")]
    [InlineData("/console.html", "Dunning cases", "console.html")]
    [InlineData("/experiments.html", "Dunning experiments", "experiments.html")]
    [InlineData("/backtests.html", "Dunning policy backtests", "backtests.html")]
    public async Task Each_page_has_its_title_every_pages_link_with_itself_marked_and_the_login_until_a_key_is_given(string path, string title,
        string active)
    {
        await using (var anonymous = await ChromiumPage.OpenAsync(new Uri(service.Process.BaseAddress, path), 1280, 800,
            "!document.getElementById('login').hidden"))
        {
            Assert.Equal(title, await TextAsync(anonymous, "document.querySelector('header h1').textContent"));
            Assert.Equal("/ ops.html console.html experiments.html backtests.html",
                await TextAsync(anonymous, "[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href')).join(' ')"));
            Assert.Equal(active,
                await TextAsync(anonymous, "[...document.querySelectorAll('header nav a.active')].map(a => a.getAttribute('href')).join(' ')"));
            Assert.True((await anonymous.EvaluateAsync("document.getElementById('logout').hidden"))!.GetValue<bool>(), "no log-out without a key");
        }

        await using var loggedIn = await ChromiumPage.OpenAsync(new Uri(service.Process.BaseAddress, $"{path}#key={MetricsService.ApiKey}"), 1280, 800,
            "!document.getElementById('logout').hidden");
        Assert.True((await loggedIn.EvaluateAsync("document.getElementById('login').hidden"))!.GetValue<bool>(), "no login form with the key");
    }

    private static async Task<string> TextAsync(ChromiumPage page, string expression) => (await page.EvaluateAsync(expression))!.GetValue<string>();
}
