using System.Text.Json;

namespace Dunning.Platform.DueJobs;

/// <summary>
/// A job that will not run again by itself: why (<paramref name="LastError"/>), when it died, after how many runs, and the
/// last re-run, if any (when and why).
/// </summary>
public sealed record DeadJob(string Key, string Kind, JsonElement Payload, DateTimeOffset DeadAt, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, string? ClockId, DateTimeOffset? RerunAt, string? RerunReason);
