using Dunning.Notification.Data;
using Dunning.Notification.Domain;
using Dunning.Platform.Data;
using Dunning.Platform.Http;
using Microsoft.Extensions.Options;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// The support API (API key): <c>POST /api/suppressions</c> suppresses an address (the customer asked some other way),
/// <c>POST /api/suppressions/lift</c> lets emails go to it again. Both take <c>{"email": "...", "reason": "..."}</c> and land in
/// the audit log with the reason and the API key's id. The address travels in the body, not the URL, so it stays out of access logs.
/// </summary>
public static partial class SuppressionEndpoints
{
    public static WebApplication MapSuppressions(this WebApplication app)
    {
        var suppressions = app.MapGroup("/api/suppressions").RequireApiKey();
        suppressions.MapPost("/", SuppressAsync);
        suppressions.MapPost("/lift", LiftAsync);
        return app;
    }

    private static async Task<IResult> SuppressAsync(HttpRequest request, UnitsOfWork units, SuppressionStore store, IOptions<ApiKeyOptions> apiKey,
        ILogger<SuppressionStore> logger, CancellationToken cancellationToken)
    {
        var (change, problem) = await SuppressionChange.ReadAsync(request, cancellationToken);
        if (change is null) return Results.BadRequest(new { error = problem });

        var actor = SuppressionActors.ApiKey(apiKey.Value.Id);
        var added = await units.RunAsync((unit, token) => store.AddAsync(unit, change.Email, change.Reason, actor, token), cancellationToken);
        if (added) LogSuppressed(logger, EmailAddressMask.Mask(change.Email), apiKey.Value.Id);
        return Results.Ok(new { email = change.Email, suppressed = true, alreadySuppressed = !added });
    }

    private static async Task<IResult> LiftAsync(HttpRequest request, UnitsOfWork units, SuppressionStore store, IOptions<ApiKeyOptions> apiKey,
        ILogger<SuppressionStore> logger, CancellationToken cancellationToken)
    {
        var (change, problem) = await SuppressionChange.ReadAsync(request, cancellationToken);
        if (change is null) return Results.BadRequest(new { error = problem });

        var actor = SuppressionActors.ApiKey(apiKey.Value.Id);
        if (await units.RunAsync((unit, token) => store.LiftAsync(unit, change.Email, change.Reason, actor, token), cancellationToken) is not { } lifted)
            return Results.NotFound(new { error = $"{change.Email} is not suppressed: emails already go to it, there is nothing to lift." });
        LogLifted(logger, EmailAddressMask.Mask(change.Email), apiKey.Value.Id);
        return Results.Ok(new { email = change.Email, suppressed = false, wasSuppressedBecause = lifted.Reason, wasSuppressedSince = lifted.Since });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Support suppressed {Recipient} (api key {KeyId})")]
    private static partial void LogSuppressed(ILogger logger, string recipient, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Support lifted the suppression of {Recipient} (api key {KeyId})")]
    private static partial void LogLifted(ILogger logger, string recipient, string keyId);
}
