using Dunning.Platform.Http;

namespace Dunning.RetryScheduler.Endpoints;

/// <summary>The reason an operator gives for an action on a case (the body <c>{"reason": "..."}</c>), for the audit log.</summary>
public static class ActionReason
{
    public const int MaxLength = 500;

    private const string Shape = """Send JSON like {"reason": "ticket 123: customer paid by bank transfer"}.""";

    private sealed record Body(string? Reason);

    /// <summary>The reason, trimmed, or why the body gives none (a sentence for the caller).</summary>
    public static async Task<(string? Reason, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync<Body>(request, Shape, cancellationToken);
        if (problem is not null)
            return (null, $"Every action needs a reason for the audit log. {problem}");
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return (null, $"'reason' is required: it goes to the audit log with the API key that acted (who asked, a ticket number). {Shape}");
        if (reason.Length > MaxLength)
            return (null, $"'reason' is {reason.Length} characters: at most {MaxLength}.");
        return (reason, null);
    }
}
