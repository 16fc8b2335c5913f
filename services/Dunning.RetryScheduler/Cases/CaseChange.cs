using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.RetryScheduler.Domain;

namespace Dunning.RetryScheduler.Cases;

/// <summary>
/// What a <see cref="DunningCase"/> command led to besides the case's state, in the order it happened; <see cref="Data.CaseRepository"/>
/// writes them in that order, in the caller's unit of work.
/// </summary>
public abstract record CaseChange
{
    private CaseChange()
    {
    }

    /// <summary>
    /// A timeline entry. An attempt on a known card also counts on that card's budget (<paramref name="CardFingerprint"/>, of
    /// <paramref name="CardBrand"/>). <paramref name="Announce"/>: the message the entry publishes, whose id derives from the entry's id.
    /// </summary>
    public sealed record Noted(TimelineEntry Entry, string? CardFingerprint = null, Func<long, IDunningMessage>? Announce = null,
        string? CardBrand = null) : CaseChange;

    /// <summary>A network rule held back the case's next attempt on a card (<c>card_holds</c>).</summary>
    public sealed record Held(CardHold Hold) : CaseChange;

    public sealed record Published(IDunningMessage Message) : CaseChange;

    /// <summary>A due job to create, or to move when one with its key exists (<paramref name="Once"/>: left as it is then).</summary>
    public sealed record JobScheduled(NewDueJob Job, bool Once = false) : CaseChange;

    public sealed record JobsCancelled(IReadOnlyCollection<string> Keys) : CaseChange;

    /// <summary>An operator's command, for the audit log (<c>case_actions</c>).</summary>
    public sealed record Audited(OperatorAction Action) : CaseChange;
}

/// <summary>A case's changes since it was loaded or last saved: insert or update its state (null: unchanged), then the changes.</summary>
public sealed record CaseChanges(bool Insert, CaseState? State, IReadOnlyList<CaseChange> Changes);
