namespace Dunning.Notification.Content;

/// <summary>The words of the unsubscribe pages in each email language; <c>{0}</c> is the masked address.</summary>
public sealed record UnsubscribePageText(string Title, string Question, string Explanation, string Button, string DoneTitle, string Done, string Undo)
{
    public static UnsubscribePageText For(string locale) => locale switch
    {
        "nl" => new("Afmelden",
            "Geen e-mails over je betalingen meer naar {0}?",
            "We mailen je alleen als een betaling voor je abonnement mislukt. Na het afmelden hoor je dat niet meer van ons.",
            "Afmelden",
            "Afgemeld",
            "{0} krijgt van ons geen e-mails over betalingen meer.",
            "Bedacht? Neem contact met ons op, dan sturen we ze weer."),
        "ro" => new("Dezabonare",
            "Nu mai trimitem e-mailuri despre plățile tale la {0}?",
            "Îți scriem doar când o plată pentru abonamentul tău nu reușește. După dezabonare nu vei mai afla asta de la noi.",
            "Dezabonare",
            "Te-ai dezabonat",
            "{0} nu va mai primi de la noi e-mailuri despre plăți.",
            "Te-ai răzgândit? Scrie-ne și le vom trimite din nou."),
        _ => new("Unsubscribe",
            "Stop emails about your payments to {0}?",
            "We only email you when a payment for your subscription fails. Once you unsubscribe, you will not hear that from us.",
            "Unsubscribe",
            "Unsubscribed",
            "{0} will get no more emails about payments from us.",
            "Changed your mind? Contact us and we will send them again."),
    };
}
