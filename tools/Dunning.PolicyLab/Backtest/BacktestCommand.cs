using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.Lab.Outcomes;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using Microsoft.Extensions.Configuration;

namespace Dunning.PolicyLab;

/// <summary>
/// <c>lab.sh backtest</c> (issue 19): what each policy would have recovered from a history's failures, with 95 % intervals, its pay
/// calls and its use of the card networks' limits. Bad arguments, files or policies exit 2 with the reason; a report the dashboard did not
/// take (<c>--publish</c>) exits 1, after printing it.
/// </summary>
public static class BacktestCommand
{
    public const int NotPublished = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        var (arguments, refusal) = BacktestArguments.Parse(args);
        if (arguments is null)
            return refusal == BacktestArguments.Help ? Helped() : Usage.Fail(refusal!);
        // Asked before the backtest runs, so a missing key does not cost a run.
        var apiKey = new ConfigurationBuilder().AddEnvironmentVariables().Build()["Api:Key"];
        if (arguments.Publish is not null && string.IsNullOrEmpty(apiKey))
            return Usage.Fail("backtest: --publish needs the metrics service's API key in Api__Key (the key the services read)");

        List<NamedPolicy> policies;
        List<FailedInvoice> history, training;
        try
        {
            policies = [.. arguments.Policies.Select(PolicyFile.Load)];
            history = await ReadAsync(arguments.History);
            training = arguments.Train is { } train ? await ReadAsync(train) : history;
        }
        catch (Exception e) when (e is PolicyFileException or FormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Usage.Fail($"backtest: {e.Message}");
        }

        var failures = history.Where(f => (arguments.From is not { } from || f.FirstFailedAt >= from) && (arguments.To is not { } to || f.FirstFailedAt < to))
            .ToList();
        var model = OutcomeModel.Fit(training);
        LearnedOutcomeModel? learned;
        try
        {
            learned = LearnedModel(arguments, policies, training);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or InvalidOperationException or FormatException or IOException)
        {
            return Usage.Fail($"backtest: the learned model: {e.Message}");
        }
        using var disposeLearned = learned;
        var timing = learned is null ? null : new LearnedTiming(learned);
        var reports = policies.Select(policy => PolicyBacktest.Run(policy, failures, model, arguments.Seed, timing)).ToList();
        var report = new BacktestReport(arguments.History, arguments.From, arguments.To, failures.Count, arguments.Train ?? arguments.History,
            training.Count, arguments.Model, arguments.Seed, reports);

        var json = ReportFormats.ToJson(report);
        Console.Write(arguments.Json ? json + Environment.NewLine : ReportFormats.ToTable(report));
        if (arguments.Csv is { } csv)
            await File.WriteAllTextAsync(csv, ReportFormats.ToCsv(reports));
        return arguments.Publish is { } metrics ? await PublishAsync(metrics, apiKey!, json) : 0;
    }

    /// <summary>On standard error, so that standard output stays the report alone.</summary>
    private static async Task<int> PublishAsync(Uri metrics, string apiKey, string json)
    {
        var (page, problem) = await ReportPublisher.PublishAsync(metrics, apiKey, json, CancellationToken.None);
        await Console.Error.WriteLineAsync(page is null ? $"backtest: not published: {problem}" : $"backtest: published: {page}");
        return page is null ? NotPublished : 0;
    }

    /// <summary>
    /// The learned-timing policies' model: loaded (<c>--model</c>) or trained once on the training history, whichever policy needs it;
    /// none when no policy does and none is to be saved.
    /// </summary>
    private static LearnedOutcomeModel? LearnedModel(BacktestArguments arguments, IReadOnlyList<NamedPolicy> policies, IReadOnlyList<FailedInvoice> training)
    {
        if (arguments.Model is null && arguments.SaveModel is null && policies.All(p => p.Timing != RetryTiming.Learned)) return null;
        if (arguments.Model is { } path && !File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file");
        var learned = arguments.Model is { } load ? LearnedOutcomeModel.Load(load) : LearnedOutcomeModel.Train(training);
        if (arguments.SaveModel is { } save) learned.Save(save);
        return learned;
    }

    private static int Helped()
    {
        Console.WriteLine(BacktestArguments.Help);
        return 0;
    }

    private static async Task<List<FailedInvoice>> ReadAsync(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such history file");
        var invoices = new List<FailedInvoice>();
        await foreach (var invoice in HistoryFile.ReadAsync(path))
            invoices.Add(invoice);
        return invoices;
    }
}
