namespace Dunning.Metrics.Ops;

/// <summary>One queue as the ops view shows it.</summary>
public sealed record QueueView(
    string Name,
    long Messages,
    long MessagesReady,
    long MessagesUnacknowledged,
    long Consumers,
    double PublishRate,
    double DeliverRate,
    bool IsErrorQueue,
    string? SourceQueue)
{
    public const string ErrorSuffix = "_error";

    public static string? SourceOf(string queue) =>
        queue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? queue[..^ErrorSuffix.Length] : null;
}
