using System.Collections.Concurrent;

namespace Dunning.Sandbox.Tests.Contract;

/// <summary>Keeps every answer a Stripe.net client got: request method and URL, HTTP status, raw body.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<RecordedAnswer> Answers { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var form = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Answers.Enqueue(new RecordedAnswer(request.Method.Method, request.RequestUri!.PathAndQuery, form, (int)response.StatusCode, body));
        return response;
    }
}

public sealed record RecordedAnswer(string Method, string PathAndQuery, string Form, int Status, string Body)
{
    /// <summary>Whether the request asked for expand[] (includable fields may then be present).</summary>
    public bool Expanded => Uri.UnescapeDataString(PathAndQuery + "&" + Form).Contains("expand[", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {PathAndQuery} → {Status}";
}
