using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>
/// The API shows an arm's policy as the settings it changes (<c>{"RetryOwner": "Stripe"}</c>); requests are read by
/// <see cref="PolicyOverrides.Read"/>, which checks them.
/// </summary>
public sealed class PolicyOverridesJson : JsonConverter<PolicyOverrides>
{
    public override PolicyOverrides Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An arm's policy is read with PolicyOverrides.Read, which checks it");

    public override void Write(Utf8JsonWriter writer, PolicyOverrides value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Values, options);
}
