using Dunning.Lab.History;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Dunning.Lab.Learning;

/// <summary>
/// P(a retry succeeds | decline category, brand, amount band, attempt number, elapsed hours, local hour, day of week, day of
/// month), learned by ML.NET's FastTree (gradient-boosted trees on the logistic loss). Unlike <see cref="Outcomes.OutcomeModel"/>
/// it needs no bands: a tree splits the local hour or the day of month where the history says, and learns interactions
/// (insufficient funds × payday) that a logistic regression would need crossed by hand. Its probability is the logistic
/// link of the boosted score (ML.NET attaches a Platt calibrator fixed from the loss's sigmoid): boosting minimises log-loss,
/// so it is calibrated as far as the trees fit, which the tests check on held-out retries rather than assume.
/// Training is deterministic: one thread, a seeded <see cref="MLContext"/>, no bagging or feature sampling.
/// Thread-safe: predictions share one engine under a lock.
/// </summary>
public sealed class LearnedOutcomeModel : IDisposable
{
    private static readonly string[] Categorical = [nameof(RetryRow.Category), nameof(RetryRow.Brand), nameof(RetryRow.DayOfWeek)];
    private static readonly string[] Numeric =
    [
        nameof(RetryRow.AmountBand), nameof(RetryRow.AttemptNumber), nameof(RetryRow.ElapsedHours),
        nameof(RetryRow.LocalHour), nameof(RetryRow.DayOfMonth),
    ];

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly PredictionEngine<RetryRow, RetryScore> _engine;
    private readonly Lock _gate = new();

    private LearnedOutcomeModel(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _engine = ml.Model.CreatePredictionEngine<RetryRow, RetryScore>(model, schema);
    }

    public static LearnedOutcomeModel Train(IEnumerable<FailedInvoice> history, LearnedModelOptions? options = null) =>
        Train(history.SelectMany(invoice => invoice.Retries()), options);

    public static LearnedOutcomeModel Train(IEnumerable<(AttemptFeatures Features, bool Succeeded)> retries, LearnedModelOptions? options = null)
    {
        options ??= LearnedModelOptions.Default;
        var rows = retries.Select(r => RetryRow.Of(r.Features, r.Succeeded)).ToList();
        if (!rows.Any(r => r.Label) || rows.All(r => r.Label))
            throw new ArgumentException("Learning needs retries that succeeded and retries that failed", nameof(retries));

        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding([.. Categorical.Select(c => new InputOutputColumnPair(c + "Hot", c))])
            .Append(ml.Transforms.Concatenate("Features", [.. Categorical.Select(c => c + "Hot"), .. Numeric]))
            .Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(RetryRow.Label),
                FeatureColumnName = "Features",
                NumberOfTrees = options.Trees,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinRetriesPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
            }));
        return new LearnedOutcomeModel(ml, pipeline.Fit(data), data.Schema);
    }

    public double Probability(AttemptFeatures features)
    {
        var row = RetryRow.Of(features);
        lock (_gate) return _engine.Predict(row).Probability;
    }

    /// <summary>One probability per features, in order: one lock for a whole list of candidate slots.</summary>
    public IReadOnlyList<double> Probabilities(IReadOnlyList<AttemptFeatures> features)
    {
        var rows = features.Select(f => RetryRow.Of(f)).ToList();
        var result = new double[rows.Count];
        lock (_gate)
            for (var i = 0; i < rows.Count; i++)
                result[i] = _engine.Predict(rows[i]).Probability;
        return result;
    }

    /// <summary>ML.NET's model zip (pipeline and trees), so that <c>lab.sh</c> trains once and the backtest reuses it.</summary>
    public void Save(Stream stream) => _ml.Model.Save(_model, _schema, stream);

    public void Save(string path)
    {
        using var file = File.Create(path);
        Save(file);
    }

    public static LearnedOutcomeModel Load(Stream stream)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(stream, out var schema);
        return new LearnedOutcomeModel(ml, model, schema);
    }

    public static LearnedOutcomeModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file);
    }

    public void Dispose() => _engine.Dispose();
}
