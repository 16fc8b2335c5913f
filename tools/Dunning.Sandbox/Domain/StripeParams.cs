using System.Globalization;

namespace Dunning.Sandbox.Domain;

/// <summary>
/// Request parameters in Stripe's bracket notation (<c>items[0][price]=x</c>, <c>expand[]=y</c>,
/// <c>invoice_settings[default_payment_method]=pm</c>), read from the form body and the query string.
/// </summary>
public sealed class StripeParams(IReadOnlyList<KeyValuePair<string, string>> pairs)
{
    public static readonly StripeParams Empty = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; } = pairs;

    /// <summary>The value at a path such as "invoice_settings[default_payment_method]"; last one wins.</summary>
    public string? Get(string key) => Pairs.LastOrDefault(p => p.Key == key).Value;

    public bool Has(string key) => Pairs.Any(p => p.Key == key || p.Key.StartsWith(key + "[", StringComparison.Ordinal));

    public string Required(string key) =>
        Get(key) is { Length: > 0 } value ? value : throw StripeApiException.InvalidRequest($"Missing required param: {key}.", key, "parameter_missing");

    public long? Long(string key)
    {
        var value = Get(key);
        if (value is null) return null;
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw StripeApiException.InvalidRequest($"Invalid integer: {value}", key, "parameter_invalid_integer");
    }

    public bool? Bool(string key) => Get(key) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw StripeApiException.InvalidRequest($"Invalid boolean: {other}", key, "parameter_invalid_boolean"),
    };

    /// <summary>Values of a list parameter: <c>key[]=a&amp;key[]=b</c> or <c>key[0]=a&amp;key[1]=b</c>.</summary>
    public IReadOnlyList<string> List(string key) =>
        Pairs.Where(p => p.Key.StartsWith(key + "[", StringComparison.Ordinal) && p.Key.IndexOf(']') == p.Key.Length - 1)
            .Select(p => p.Value).ToList();

    /// <summary>Sub-parameters under a prefix: <c>metadata[a]=1</c> → ("a","1").</summary>
    public IReadOnlyDictionary<string, string> Map(string key)
    {
        var prefix = key + "[";
        return Pairs.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.EndsWith(']'))
            .GroupBy(p => p.Key[prefix.Length..^1])
            .ToDictionary(g => g.Key, g => g.Last().Value);
    }

    /// <summary>The elements of an indexed list of objects: <c>items[0][price]=x</c> → [{price:x}] as child params.</summary>
    public IReadOnlyList<StripeParams> Objects(string key)
    {
        var prefix = key + "[";
        return Pairs.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => (Tail: p.Key[prefix.Length..], p.Value))
            .Where(p => p.Tail.Contains("]["))
            .GroupBy(p => p.Tail[..p.Tail.IndexOf(']')])
            .OrderBy(g => int.TryParse(g.Key, out var i) ? i : int.MaxValue)
            .Select(g => new StripeParams(g.Select(p => KeyValuePair.Create(Unwrap(p.Tail[(p.Tail.IndexOf(']') + 1)..]), p.Value)).ToList()))
            .ToList();
    }

    /// <summary>"[price][recurring][interval]" → "price[recurring][interval]".</summary>
    private static string Unwrap(string rest)
    {
        var close = rest.IndexOf(']');
        return rest[1..close] + rest[(close + 1)..];
    }

    /// <summary>A canonical form of the parameters, to compare two requests sharing an idempotency key.</summary>
    public string Fingerprint() =>
        string.Join("&", Pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
