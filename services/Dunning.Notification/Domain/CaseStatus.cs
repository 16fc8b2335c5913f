namespace Dunning.Notification.Domain;

/// <summary>Where a dunning case stands, as far as emails are concerned.</summary>
public enum CaseStatus
{
    Open,
    Recovered,
    Lost,
}
