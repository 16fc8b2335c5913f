using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.PolicyLab.Import;
using Dunning.RetryScheduler.Domain;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>
/// The learned model is trained on the features of imported cases (<see cref="AttemptFeatures.Of(FailedInvoice, int)"/> of
/// <see cref="DunningCaseRow.ToFailedInvoice"/>) and asked, live, with the state the scheduler builds of an open case
/// (<see cref="LearnedSchedule.StateOf"/>). For the same case before each retry the two must be the same features, or the model
/// answers questions it was never trained on. A backup card's attempt is left out: the import keeps no card source, and the live
/// state reads the last decline on the case's own card.
/// </summary>
public sealed class LiveAndTrainingFeaturesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 22, 30, 0, TimeSpan.Zero);

    private static readonly (TimeSpan After, AttemptSource Source, DeclineDetails? Decline)[] Timeline =
    [
        (TimeSpan.Zero, AttemptSource.Stripe, Decline("card_declined", "insufficient_funds", null)),
        (TimeSpan.FromHours(30), AttemptSource.Scheduled, Decline("card_declined", "do_not_honor", null)),
        (TimeSpan.FromHours(41), AttemptSource.Customer, Decline("card_declined", "generic_decline", "01")),
        (TimeSpan.FromDays(4), AttemptSource.Scheduled, null),
    ];

    [Theory]
    [InlineData("Europe/Amsterdam")]
    [InlineData(null)]
    public void Before_each_retry_the_live_state_gives_the_features_the_model_was_trained_on(string? timeZone)
    {
        var caseId = Guid.NewGuid();
        var rows = Timeline.Select(t => new DunningAttemptRow(caseId, Start + t.After, t.Source, t.Decline)).ToList();
        var invoice = new DunningCaseRow(caseId, "in_1", "cus_1", 2_500, "eur", "visa", timeZone, "recovered", Start + TimeSpan.FromDays(4),
            "recovered", 2_500, Start + TimeSpan.FromDays(4)).ToFailedInvoice(rows)!;

        for (var index = 1; index < Timeline.Length; index++)
        {
            var past = Timeline[..index].Select(t => new PastAttempt(Start + t.After, t.Source, t.Decline!)).ToList();
            var live = LearnedSchedule.StateOf(new CaseHistory(caseId, Start, past, timeZone), "visa", 2_500, "eur");

            Assert.Equal(AttemptFeatures.Of(invoice, index), live.At(Start + Timeline[index].After));
        }
    }

    private static DeclineDetails Decline(string failureCode, string declineCode, string? networkAdviceCode) =>
        new(failureCode, declineCode, null, null, networkAdviceCode, "visa", "fp_1", "pm_1");
}
