using System.Text.Json;

namespace Dunning.Platform.DueJobs;

/// <summary>A claimed job: <paramref name="DueAt"/> is when it was due, <paramref name="Attempt"/> counts claims (1 on the first run).</summary>
public sealed record DueJob(string Key, string Kind, string PayloadJson, DateTimeOffset DueAt, int Attempt)
{
    public T Payload<T>() => JsonSerializer.Deserialize<T>(PayloadJson, Outbox.MessageJson.Options)
        ?? throw new InvalidOperationException($"Job {Key} has an empty payload");
}
