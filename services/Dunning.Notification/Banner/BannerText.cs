namespace Dunning.Notification.Banner;

/// <summary>What the banner says, in the customer's language (the languages of the emails).</summary>
public static class BannerText
{
    public sealed record Text(string Message, string Action);

    public static Text For(string language) => language switch
    {
        "nl" => new("Je betaling is mislukt. Werk je kaart bij om je abonnement actief te houden.", "Kaart bijwerken"),
        "ro" => new("Plata ta nu a reușit. Actualizează cardul pentru a-ți păstra abonamentul activ.", "Actualizează cardul"),
        _ => new("Your payment failed. Update your card to keep your subscription active.", "Update card"),
    };
}
