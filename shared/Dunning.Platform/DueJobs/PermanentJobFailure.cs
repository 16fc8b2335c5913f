namespace Dunning.Platform.DueJobs;

/// <summary>
/// Thrown by a handler when its job can never succeed as it stands (an address the SMTP server refuses, a Stripe object that does
/// not exist): the <see cref="DueJobWorker"/> rolls the job's transaction back and marks the job dead instead of running it
/// again. A dead job waits, with <paramref name="reason"/> as its last error, until someone re-runs it.
/// </summary>
public sealed class PermanentJobFailure(string reason, Exception? cause = null) : Exception(reason, cause);
