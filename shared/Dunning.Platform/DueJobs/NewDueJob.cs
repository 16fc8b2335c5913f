namespace Dunning.Platform.DueJobs;

/// <summary>A job to schedule: its unique key, its handler's kind, its payload (stored as JSON) and when it is due.</summary>
public sealed record NewDueJob(string Key, string Kind, object Payload, DateTimeOffset DueAt);
