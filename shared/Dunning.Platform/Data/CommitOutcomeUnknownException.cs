namespace Dunning.Platform.Data;

/// <summary>
/// The connection was lost while committing: the transaction may or may not have committed. Not re-run where it was lost (it may
/// have taken effect); its owner retries, whose retry is idempotent (a redelivered message meets its inbox row, a due job its state).
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception lost)
    : Exception("The connection was lost while committing; the transaction may or may not have committed.", lost);
