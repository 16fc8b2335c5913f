using System.Net.Http.Json;
using Dunning.Notification.Domain;
using Dunning.Platform.Http;

namespace Dunning.Notification.Tests.Support;

/// <summary>What a customer's mail app and support do with the unsubscribe link and API, and what the tables say after.</summary>
public static class Unsubscribing
{
    /// <summary>The path and query of the link the service makes for <paramref name="email"/> with <paramref name="secret"/>.</summary>
    public static string LinkFor(string email, string locale = "en", string secret = NotificationService.UnsubscribeSecret) =>
        $"/unsubscribe?token={new UnsubscribeTokens([secret]).Issue(UnsubscribeRecipient.For(email, locale))}";

    /// <summary>RFC 8058's one-click POST, the same request the confirmation page's button sends.</summary>
    public static Task<HttpResponseMessage> OneClickAsync(this HttpClient client, string pathAndQuery) =>
        client.PostAsync(pathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

    public static Task<HttpResponseMessage> SupportAsync(this HttpClient client, string path, string email, string? reason) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Headers = { { ApiKeyFilter.HeaderName, NotificationService.ApiKey } },
            Content = JsonContent.Create(new { email, reason }),
        });

    public static string SupportActor => SuppressionActors.ApiKey(new ApiKeyOptions { Key = NotificationService.ApiKey }.Id);

    public static Task<long> SuppressionsAsync(this NotificationService service, string email) =>
        service.Database.CountAsync($"SELECT count(*) FROM notification.suppressions WHERE email = '{email.ToLowerInvariant()}'");

    /// <summary>The audit log of <paramref name="email"/>, oldest first, as <c>action | actor | reason</c>.</summary>
    public static async Task<List<string>> AuditAsync(this NotificationService service, string email)
    {
        await using var command = service.Database.DataSource.CreateCommand(
            "SELECT action || ' | ' || actor || ' | ' || reason FROM notification.suppression_audit WHERE email = $1 ORDER BY id");
        command.Parameters.Add(new() { Value = email.ToLowerInvariant() });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
