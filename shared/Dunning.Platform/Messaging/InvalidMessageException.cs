namespace Dunning.Platform.Messaging;

/// <summary>
/// A consumer's verdict that a message can never be applied (e.g. a negative amount): it is not retried but moved to
/// the endpoint's <c>_error</c> queue at once, where the ops view shows it and can re-drive it after a fix.
/// </summary>
public sealed class InvalidMessageException(string message) : Exception(message);
