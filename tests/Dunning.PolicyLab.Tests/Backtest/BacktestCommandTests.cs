using System.Text.Json;
using System.Text.Json.Nodes;
using Dunning.Lab.History;
using Dunning.RetryScheduler;
using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary><c>lab.sh backtest</c> as a real process, on a small history file and the example policies.</summary>
public sealed class BacktestCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string Policies = Path.Combine(TestEnvironment.RepositoryRoot, "bench", "lab", "policies");
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-lab-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Json_output_says_what_was_backtested_and_has_one_entry_per_policy_and_the_csv_one_row_per_policy()
    {
        var history = await HistoryAsync();
        var csv = Path.Combine(_folder, "out.csv");

        var (exitCode, output) = await RunAsync(["backtest", "--history", history, "--policy", Path.Combine(Policies, "default.json"),
            "--policy", Path.Combine(Policies, "conservative.json"), "--from", "2026-01-01", "--to", "2027-01-01", "--json", "--csv", csv, "--seed", "7"]);

        Assert.True(exitCode == 0, output);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal((history, 200, history, 200, 7), (report.GetProperty("history").GetString(), report.GetProperty("failures").GetInt32(),
            report.GetProperty("trainedOn").GetString(), report.GetProperty("trainingFailures").GetInt32(), report.GetProperty("seed").GetInt32()));
        Assert.Equal((new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            (report.GetProperty("from").GetDateTimeOffset(), report.GetProperty("to").GetDateTimeOffset()));
        var reports = report.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(new[] { "default", "conservative" }, reports.Select(r => r.GetProperty("name").GetString()));
        Assert.All(reports, r =>
        {
            Assert.Equal(200, r.GetProperty("failures").GetInt32());
            var rate = r.GetProperty("rate");
            Assert.InRange(rate.GetProperty("estimate").GetDouble(), rate.GetProperty("lower").GetDouble(), rate.GetProperty("upper").GetDouble());
            Assert.Equal(0, r.GetProperty("network").GetProperty("casesBreakingVisa").GetInt32());
            Assert.Equal(0, r.GetProperty("network").GetProperty("casesBreakingMastercard").GetInt32());
        });
        var rows = await File.ReadAllLinesAsync(csv);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("policy,file,failures,recovered", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_names_every_policy_and_the_training_history()
    {
        var history = await HistoryAsync();
        var (exitCode, output) = await RunAsync(["backtest", "--history", history, "--train", history, "--policy", Path.Combine(Policies, "aggressive.json"),
            "--policy", Path.Combine(Policies, "stripe-like.json")]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"200 failures backtested; outcome model trained on 200 failures of {history}", output);
        Assert.Contains("aggressive", output);
        Assert.Contains("stripe-like", output);
        Assert.Contains("recovery rate", output);
    }

    [Fact]
    public async Task A_learned_policy_trains_its_model_once_saves_it_and_a_run_with_the_saved_model_reports_the_same()
    {
        var history = await HistoryAsync();
        var model = Path.Combine(_folder, "learned.zip");
        string[] common = ["backtest", "--history", history, "--policy", Path.Combine(Policies, "default.json"),
            "--policy", Path.Combine(Policies, "learned.json"), "--json"];

        var (trainedExit, trained) = await RunAsync([.. common, "--save-model", model]);
        var (loadedExit, loaded) = await RunAsync([.. common, "--model", model]);

        Assert.True(trainedExit == 0, trained);
        Assert.True(loadedExit == 0, loaded);
        Assert.True(File.Exists(model));
        var (trainedReport, loadedReport) = (JsonNode.Parse(trained)!, JsonNode.Parse(loaded)!);
        Assert.True(JsonNode.DeepEquals(trainedReport["policies"], loadedReport["policies"]), $"{trained}\n{loaded}");
        Assert.Equal((null, model), (trainedReport["model"]?.GetValue<string>(), loadedReport["model"]?.GetValue<string>()));
        var reports = JsonDocument.Parse(trained).RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(new[] { "default", "learned" }, reports.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(0, reports[1].GetProperty("network").GetProperty("casesBreakingVisa").GetInt32());
        Assert.Equal(0, reports[1].GetProperty("network").GetProperty("casesBreakingMastercard").GetInt32());
    }

    [Theory]
    [InlineData("missing model", "no such model file")]
    [InlineData("no policy", "at least one --policy")]
    [InlineData("unknown option", "unknown option --policies")]
    [InlineData("bad date", "--from yesterday is not a date")]
    [InlineData("missing history", "no such history file")]
    [InlineData("bad policy", "MaxAttemps")]
    public async Task Bad_arguments_exit_2_with_the_reason(string what, string reason)
    {
        var history = await HistoryAsync();
        var policy = Path.Combine(Policies, "default.json");
        var bad = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(bad, """{ "name": "typo", "MaxAttemps": 4 }""");
        string[] args = what switch
        {
            "no policy" => ["backtest", "--history", history],
            "unknown option" => ["backtest", "--history", history, "--policies", policy],
            "bad date" => ["backtest", "--history", history, "--policy", policy, "--from", "yesterday"],
            "missing history" => ["backtest", "--history", Path.Combine(_folder, "none.jsonl"), "--policy", policy],
            "missing model" => ["backtest", "--history", history, "--policy", policy, "--model", Path.Combine(_folder, "none.zip")],
            _ => ["backtest", "--history", history, "--policy", bad],
        };

        var (exitCode, output) = await RunAsync(args);

        Assert.Equal(Usage.BadArguments, exitCode);
        Assert.Contains(reason, output);
        if (what == "bad policy") Assert.Contains(bad, output);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string[] args) =>
        ServiceProcess.RunToExitAsync("tools/Dunning.PolicyLab", args, new Dictionary<string, string>(), Patience);

    private async Task<string> HistoryAsync()
    {
        var path = Path.Combine(_folder, "history.jsonl");
        if (!File.Exists(path))
            await HistoryFile.WriteAsync(path, KnownHistory.Generate(200, new RetryPolicyOptions(), seed: 3));
        return path;
    }
}
