using System.Globalization;

namespace Dunning.Notification.Domain;

/// <summary>The languages emails are written in, and how a customer's Stripe <c>preferred_locales</c> map onto them.</summary>
public static class Locales
{
    public const string Fallback = "en";

    public static IReadOnlyList<string> Supported { get; } = ["en", "nl", "ro"];

    /// <summary>The first preferred locale we have templates for (<c>nl-BE</c> → <c>nl</c>), else <c>en</c>.</summary>
    public static string Choose(IEnumerable<string>? preferred) =>
        preferred?.Select(Language).FirstOrDefault(Supported.Contains) ?? Fallback;

    public static string Normalize(string? locale) => locale is not null && Supported.Contains(Language(locale)) ? Language(locale) : Fallback;

    public static CultureInfo Culture(string locale) => CultureInfo.GetCultureInfo(Normalize(locale) switch
    {
        "nl" => "nl-NL",
        "ro" => "ro-RO",
        _ => "en-US",
    });

    private static string Language(string locale) => locale.Split('-', '_')[0].ToLowerInvariant();
}
