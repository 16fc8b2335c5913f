namespace Dunning.Notification.Domain;

/// <summary>Who changed the suppression list, as the audit log names them.</summary>
public static class SuppressionActors
{
    public const string CustomerLink = "customer link";

    /// <summary>Support, through the API: the key's public id (<c>ApiKeyOptions.Id</c>) names which key acted.</summary>
    public static string ApiKey(string keyId) => $"api key {keyId}";
}
