using System.Net.Mail;
using Dunning.Platform.Http;

namespace Dunning.Notification.Endpoints;

/// <summary>A support request's body, checked: one address, and a reason for the audit log.</summary>
public sealed record SuppressionChange(string Email, string Reason)
{
    public const int MaxReasonLength = 500;

    private const string Shape = """Send JSON like {"email": "customer@example.com", "reason": "ticket 123: asked by phone"}.""";

    private sealed record Body(string? Email, string? Reason);

    /// <summary>The change the body asks for, or why it cannot be done (a sentence for the caller).</summary>
    public static async Task<(SuppressionChange? Change, string? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync<Body>(request, Shape, cancellationToken);
        if (problem is not null)
            return (null, problem);
        var email = body?.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email)
            return (null, $"'email' must be one email address. {Shape}");
        var reason = body!.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
            return (null, $"'reason' is required: it goes to the audit log (who asked, a ticket number). {Shape}");
        if (reason.Length > MaxReasonLength)
            return (null, $"'reason' is {reason.Length} characters: at most {MaxReasonLength}.");
        return (new SuppressionChange(email, reason), null);
    }
}
