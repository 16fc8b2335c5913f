namespace Dunning.Platform.DueJobs;

/// <summary>Wakes the <see cref="DueJobWorker"/> when a commit added a job due now.</summary>
public sealed class DueJobSignal : WakeUpSignal;
