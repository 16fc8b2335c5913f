using System.Net;
using Dunning.Metrics.Tests.Support;

namespace Dunning.Metrics.Tests.Ops;

/// <summary>The dashboard and ops view are served by the service itself, chart library included (no internet needed).</summary>
public sealed class DashboardFilesTests(MetricsService service) : IClassFixture<MetricsService>
{
    [Theory]
    [InlineData("/", "dashboard.js")]
    [InlineData("/ops.html", "ops.js")]
    [InlineData("/console.html", "console.js")]
    [InlineData("/experiments.html", "experiments.js")]
    [InlineData("/backtests.html", "backtests.js")]
    [InlineData("/dom.js", "textContent")]
    [InlineData("/chrome.js", "login-form")]
    [InlineData("/lib/chart.umd.js", "Chart.js v4")]
    [InlineData("/dashboard.js", "/api/reports/summary")]
    public async Task Site_files_are_served_without_the_api_key(string path, string contains)
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_load_nothing_from_outside_the_service()
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };

        foreach (var page in new[] { "/", "/ops.html", "/console.html", "/experiments.html", "/backtests.html" })
            Assert.DoesNotContain("http", await anonymous.GetStringAsync(page));
    }

    [Theory]
    [Trait("Suite", "ForgedInput")]
    [InlineData("/")]
    [InlineData("/ops.html")]
    [InlineData("/dashboard.js")]
    [InlineData("/health")]
    public async Task Every_response_forbids_foreign_scripts_framing_and_sniffing(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = service.Process.BaseAddress };

        var response = await anonymous.GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
