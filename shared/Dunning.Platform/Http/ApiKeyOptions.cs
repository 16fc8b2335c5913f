namespace Dunning.Platform.Http;

/// <summary>The key that guards ops and report APIs (section <c>Api</c>, e.g. <c>Api__Key</c>).</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";
}
