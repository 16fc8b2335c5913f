using System.Text.Json.Nodes;

namespace Dunning.Sandbox.Domain;

/// <summary>The API request being served (for an event's <c>request</c> field); none during clock advances.</summary>
public sealed record RequestInfo(string Id, string? IdempotencyKey)
{
    private static readonly AsyncLocal<RequestInfo?> CurrentRequest = new();

    public static RequestInfo? Current
    {
        get => CurrentRequest.Value;
        set => CurrentRequest.Value = value;
    }

    public static JsonObject ToJson(RequestInfo? request) => new()
    {
        ["id"] = request?.Id,
        ["idempotency_key"] = request?.IdempotencyKey,
    };
}
