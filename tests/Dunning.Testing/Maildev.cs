using System.Net.Http.Json;
using System.Text.Json;

namespace Dunning.Testing;

/// <summary>Reads what the real SMTP server (maildev) received, filtered by recipient so concurrent tests never mix.</summary>
public static class Maildev
{
    private static readonly HttpClient Client = new() { BaseAddress = TestEnvironment.MaildevApi };

    public static async Task<List<ReceivedEmail>> ForAsync(string recipient)
    {
        var all = await Client.GetFromJsonAsync<JsonElement>("api/email");
        return all.EnumerateArray()
            .Where(e => e.GetProperty("to").EnumerateArray()
                .Any(t => string.Equals(t.GetProperty("address").GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
            .Select(ReceivedEmail.From)
            .ToList();
    }

    /// <summary>The message as the SMTP server received it (every header, raw MIME).</summary>
    public static Task<string> SourceAsync(ReceivedEmail email) => Client.GetStringAsync($"api/email/{email.Id}/source");

    /// <summary>
    /// Waits until <paramref name="count"/> emails reached <paramref name="recipient"/>, then returns them. <paramref name="logs"/>, if
    /// given, is added to the failure's message at the deadline (the services' output then).
    /// </summary>
    public static async Task<List<ReceivedEmail>> WaitForAsync(string recipient, int count, TimeSpan? timeout = null, Func<string>? logs = null)
    {
        var emails = new List<ReceivedEmail>();
        await Eventually.HoldsAsync(async () => (emails = await ForAsync(recipient)).Count >= count,
            timeout ?? TimeSpan.FromSeconds(15), () => $"{count} email(s) reached {recipient}" + (logs is null ? "" : $"\n{logs()}"));
        return emails;
    }
}

public sealed record ReceivedEmail(string Id, string Subject, string Text, string Html, IReadOnlyDictionary<string, string> Headers)
{
    public string MessageId => Headers.GetValueOrDefault("message-id", "").Trim('<', '>');

    public static ReceivedEmail From(JsonElement e) => new(
        e.GetProperty("id").GetString() ?? "",
        e.GetProperty("subject").GetString() ?? "",
        e.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "",
        e.TryGetProperty("html", out var html) ? html.GetString() ?? "" : "",
        e.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value.ToString()));
}
