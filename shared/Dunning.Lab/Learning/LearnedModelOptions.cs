namespace Dunning.Lab.Learning;

/// <summary>
/// The boosted trees' size. Small on purpose: a business's history holds thousands to a few hundred thousand retries over a
/// handful of features, and the model is retrained by <c>lab.sh</c> on a 2-core machine. 100 trees of 16 leaves, each leaf
/// holding at least 100 retries, so no leaf is a handful of lucky successes.
/// </summary>
/// <param name="Seed">The <c>MLContext</c> seed: the same history and options give the same model.</param>
public sealed record LearnedModelOptions(
    int Seed = 19,
    int Trees = 100,
    int Leaves = 16,
    int MinRetriesPerLeaf = 100,
    double LearningRate = 0.1)
{
    public static LearnedModelOptions Default { get; } = new();
}
