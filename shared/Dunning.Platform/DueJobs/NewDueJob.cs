namespace Dunning.Platform.DueJobs;

/// <summary>
/// A job to schedule: its unique key, its handler's kind, its payload (stored as JSON) and when it is due: in wall time, or
/// in the time of the Stripe test clock <paramref name="ClockId"/>.
/// </summary>
public sealed record NewDueJob(string Key, string Kind, object Payload, DateTimeOffset DueAt, string? ClockId = null);
