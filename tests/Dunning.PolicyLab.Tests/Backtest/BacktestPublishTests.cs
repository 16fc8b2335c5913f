using System.Text.Json.Nodes;
using Dunning.Lab.History;
using Dunning.Metrics.Tests.Support;
using Dunning.RetryScheduler;
using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary><c>lab.sh backtest --publish</c> as a real process, to the metrics service run as its own tests run it.</summary>
public sealed class BacktestPublishTests(MetricsService metrics) : IClassFixture<MetricsService>, IDisposable
{
    private const string Published = "backtest: published: ";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string Policies = Path.Combine(TestEnvironment.RepositoryRoot, "bench", "lab", "policies");
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-lab-publish-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_report_printed_is_the_one_stored_once_however_often_it_is_published_and_its_page_is_named()
    {
        var args = await ArgumentsAsync(metrics.Process.BaseAddress.ToString());

        var (exitCode, output) = await RunAsync(args, MetricsService.ApiKey);
        var (againExitCode, again) = await RunAsync(args, MetricsService.ApiKey);

        Assert.True(exitCode == 0, output);
        Assert.True(againExitCode == 0, again);
        var (printed, page) = (output[..output.IndexOf(Published, StringComparison.Ordinal)], new Uri(output.Split(Published)[1].Trim()));
        Assert.Equal(page, new Uri(again.Split(Published)[1].Trim()));
        Assert.Equal("/backtests.html", page.AbsolutePath);
        var id = page.Query["?id=".Length..];
        var stored = await metrics.GetJsonAsync($"/api/backtests/{id}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(printed), JsonNode.Parse(stored.GetProperty("report").GetRawText())), stored.ToString());
        var listed = Assert.Single((await metrics.GetJsonAsync("/api/backtests")).EnumerateArray());
        Assert.Equal(["default", "aggressive"], listed.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("wrong key", BacktestCommand.NotPublished, "answered 401: Missing or wrong API key")]
    [InlineData("no service", BacktestCommand.NotPublished, "not published: the metrics service did not take the report at http://127.0.0.1:1/api/backtests")]
    [InlineData("no key", Usage.BadArguments, "--publish needs the metrics service's API key in Api__Key")]
    [InlineData("bad url", Usage.BadArguments, "--publish 127.0.0.1:5083 is not an http(s) URL")]
    public async Task A_report_the_dashboard_did_not_take_is_still_printed_and_the_exit_code_says_why(string what, int exit, string reason)
    {
        var url = what switch { "no service" => MetricsService.Unreachable, "bad url" => "127.0.0.1:5083", _ => metrics.Process.BaseAddress.ToString() };
        var key = what switch { "wrong key" => "not-the-key", "no key" => "", _ => MetricsService.ApiKey };

        var (exitCode, output) = await RunAsync(await ArgumentsAsync(url), key);

        Assert.True(exitCode == exit, output);
        Assert.Contains(reason, output);
        if (exit == BacktestCommand.NotPublished) Assert.Contains("\"policies\": [", output);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string[] args, string apiKey) =>
        ServiceProcess.RunToExitAsync("tools/Dunning.PolicyLab", args, new Dictionary<string, string> { ["Api__Key"] = apiKey }, Patience);

    private async Task<string[]> ArgumentsAsync(string metricsUrl)
    {
        var history = Path.Combine(_folder, "history.jsonl");
        if (!File.Exists(history))
            await HistoryFile.WriteAsync(history, KnownHistory.Generate(100, new RetryPolicyOptions(), seed: 4));
        return ["backtest", "--history", history, "--policy", Path.Combine(Policies, "default.json"), "--policy", Path.Combine(Policies, "aggressive.json"),
            "--json", "--publish", metricsUrl];
    }
}
