using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dunning.Metrics.Ops;

/// <summary>
/// The case console: finds cases by invoice id, customer id or email address, and shows one case's whole story, each part
/// read from the service that owns it: the case, its timeline and audit log (scheduler), its emails (notification), its
/// ledger row (this service). See docs/decisions/012-case-console.md.
/// </summary>
public sealed class CaseConsole(PeerServicesClient services, LedgerRowQuery ledger)
{
    /// <summary>Cases of the invoice, customer or email address <paramref name="query"/> names, or why none could be looked up.</summary>
    public async Task<JsonObject> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var by = query.Contains('@', StringComparison.Ordinal) ? "email" : query.StartsWith("cus_", StringComparison.Ordinal) ? "customer" : "invoice";
        var result = new JsonObject { ["query"] = query, ["searchedBy"] = by };
        IReadOnlyList<string> customers = [query];
        if (by == "email")
        {
            var found = await services.NotificationAsync(HttpMethod.Post, "/api/customers/by-email", JsonSerializer.Serialize(new { email = query }),
                cancellationToken);
            if (!found.IsSuccess)
                return With(result, [], $"Customers of {query} not read: {found.Problem}");
            customers = [.. found.Body.GetProperty("customerIds").EnumerateArray().Select(c => c.GetString()!)];
            result["customerIds"] = new JsonArray([.. customers.Select(c => (JsonNode)c)]);
        }

        var cases = new JsonArray();
        foreach (var customer in customers)
        {
            var path = by == "invoice" ? $"/api/cases?invoice={Uri.EscapeDataString(query)}" : $"/api/cases?customer={Uri.EscapeDataString(customer)}";
            var answer = await services.SchedulerAsync(HttpMethod.Get, path, null, cancellationToken);
            if (!answer.IsSuccess)
                return With(result, cases, $"Cases not read: {answer.Problem}");
            foreach (var c in answer.Body.EnumerateArray())
                cases.Add(JsonNode.Parse(c.GetRawText()));
        }
        return With(result, cases, null);
    }

    /// <summary>The invoice's case with its timeline in order (the scheduler's entries and the emails), audit log and ledger row.</summary>
    public async Task<(int Status, JsonObject Body)> CaseAsync(string invoiceId, CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(invoiceId);
        var caseTask = services.SchedulerAsync(HttpMethod.Get, $"/api/cases/{escaped}", null, cancellationToken);
        var emailsTask = services.NotificationAsync(HttpMethod.Get, $"/api/emails?invoice={escaped}", null, cancellationToken);
        var ledgerTask = ledger.ReadAsync(invoiceId, cancellationToken);
        var (found, emails, row) = (await caseTask, await emailsTask, await ledgerTask);
        if (!found.IsSuccess)
            return (found.Status is { } status and not StatusCodes.Status401Unauthorized ? status : StatusCodes.Status502BadGateway,
                new JsonObject { ["error"] = found.Status == StatusCodes.Status404NotFound ? found.Problem : $"The case was not read: {found.Problem}" });

        var timeline = found.Body.GetProperty("timeline").EnumerateArray()
            .Select(e => (At: e.GetProperty("at").GetDateTimeOffset(), Entry: CaseEntry(e))).ToList();
        if (emails.IsSuccess)
            timeline.AddRange(emails.Body.EnumerateArray().Select(e => (At: e.GetProperty("caseSentAt").GetDateTimeOffset(), Entry: EmailEntry(e))));
        return (StatusCodes.Status200OK, new JsonObject
        {
            ["case"] = JsonNode.Parse(found.Body.GetProperty("case").GetRawText()),
            // Stable: entries of one moment keep the scheduler's order, emails after them.
            ["timeline"] = new JsonArray([.. timeline.OrderBy(t => t.At).Select(t => (JsonNode)t.Entry)]),
            ["actions"] = JsonNode.Parse(found.Body.GetProperty("actions").GetRawText()),
            ["emailsError"] = emails.IsSuccess ? null : $"Emails not read: {emails.Problem}",
            ["ledger"] = row is null ? null : JsonSerializer.SerializeToNode(row, JsonSerializerOptions.Web),
        });
    }

    /// <summary>Passes an operator's action and its reason to the scheduler, which checks, applies and audits it.</summary>
    public async Task<(int Status, JsonNode? Body)> ActAsync(string invoiceId, string action, string? jsonBody, CancellationToken cancellationToken)
    {
        var answer = await services.SchedulerAsync(HttpMethod.Post, $"/api/cases/{Uri.EscapeDataString(invoiceId)}/{Uri.EscapeDataString(action)}",
            jsonBody, cancellationToken);
        if (answer.Status is not { } status || status == StatusCodes.Status401Unauthorized)
            return (StatusCodes.Status502BadGateway, new JsonObject { ["error"] = answer.Problem });
        return (status, answer.Body.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(answer.Body.GetRawText()));
    }

    private static JsonObject With(JsonObject result, JsonArray cases, string? error)
    {
        result["cases"] = cases;
        result["error"] = error;
        return result;
    }

    private static JsonObject CaseEntry(JsonElement e)
    {
        var entry = JsonNode.Parse(e.GetRawText())!.AsObject();
        entry["source"] = "case";
        return entry;
    }

    private static JsonObject EmailEntry(JsonElement e)
    {
        var (step, locale) = (e.GetProperty("step").GetString(), e.GetProperty("locale").GetString());
        return new JsonObject
        {
            ["source"] = "email",
            ["at"] = e.GetProperty("caseSentAt").GetDateTimeOffset(),
            ["kind"] = "email",
            ["step"] = step,
            ["locale"] = locale,
            ["detail"] = $"{step} in {locale} to {e.GetProperty("recipient").GetString()}"
                + (e.GetProperty("maybeSent").GetBoolean() ? " (maybe sent: the SMTP server gave no verdict)" : ""),
        };
    }
}
