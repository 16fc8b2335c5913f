using Dunning.Lab.History;
using Dunning.Lab.Learning;

namespace Dunning.Lab.Tests.Learning;

/// <summary>
/// One payday history, split by invoice into 70 % to train on and 30 % held out, and the model trained on it: shared by the
/// learning tests so the trees are grown once per run.
/// </summary>
internal static class PaydayModel
{
    public const int Invoices = 30_000;

    private static readonly Lazy<(List<FailedInvoice> Train, List<FailedInvoice> HeldOut)> Split = new(() =>
    {
        var history = PaydayHistory.Generate(Invoices, seed: 1915);
        var cut = history.Count * 7 / 10;
        return (history[..cut], history[cut..]);
    });

    private static readonly Lazy<(LearnedOutcomeModel Model, TimeSpan TrainingTime, int Retries)> Trained = new(() =>
    {
        var retries = Train.SelectMany(invoice => invoice.Retries()).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = LearnedOutcomeModel.Train(retries);
        return (model, clock.Elapsed, retries.Count);
    });

    public static List<FailedInvoice> Train => Split.Value.Train;

    public static List<FailedInvoice> HeldOut => Split.Value.HeldOut;

    public static LearnedOutcomeModel Model => Trained.Value.Model;

    public static string TrainingReport => $"trained on {Trained.Value.Retries} retries in {Trained.Value.TrainingTime.TotalSeconds:F1} s";
}
