using System.Net.Mail;
using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Http;

namespace Dunning.Notification.Endpoints;

/// <summary>
/// What the case console (the metrics service's ops view) asks this service (API key): the customers an email address
/// belongs to (<c>POST /api/customers/by-email</c> with <c>{"email": "..."}</c>: the address stays out of URLs and access logs,
/// as with suppressions), and the emails sent for an invoice, each with its step and language (<c>GET /api/emails?invoice=</c>).
/// </summary>
public static class CaseLookupEndpoints
{
    private const string Shape = """Send JSON like {"email": "customer@example.com"}.""";

    private sealed record EmailBody(string? Email);

    public static WebApplication MapCaseLookup(this WebApplication app)
    {
        app.MapPost("/api/customers/by-email", CustomersByEmailAsync).RequireApiKey();
        app.MapGet("/api/emails", EmailsAsync).RequireApiKey();
        return app;
    }

    private static async Task<IResult> CustomersByEmailAsync(HttpRequest request, UnitsOfWork units, CaseStore cases, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync<EmailBody>(request, Shape, cancellationToken);
        if (problem is not null)
            return Results.BadRequest(new { error = problem });
        var email = body?.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !MailAddress.TryCreate(email, out var address) || address.Address != email)
            return Results.BadRequest(new { error = $"'email' must be one email address. {Shape}" });

        var customers = await units.RunAsync((unit, token) => cases.CustomersByEmailAsync(unit, email, token), cancellationToken);
        return Results.Ok(new { customerIds = customers });
    }

    private static async Task<IResult> EmailsAsync(string? invoice, UnitsOfWork units, SentEmailStore emails, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(invoice))
            return Results.BadRequest(new { error = "Give the invoice: /api/emails?invoice=in_..." });
        var sent = await units.RunAsync((unit, token) => emails.OfInvoiceAsync(unit, invoice.Trim(), token), cancellationToken);
        return Results.Ok(sent.Select(e => new { e.Step, e.Locale, e.Recipient, e.SentAt, e.CaseSentAt, e.MaybeSent, e.MessageId }));
    }
}
