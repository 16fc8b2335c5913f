using System.Text.Json;
using Dunning.RetryScheduler.Cases;

namespace Dunning.RetryScheduler.Tests.Cases;

/// <summary>The stored names of the timeline's kinds are data (<c>case_events.kind</c>, the ops API): renaming a member must not change them.</summary>
public sealed class TimelineKindTests
{
    [Fact]
    public void Every_kind_keeps_its_stored_name_and_is_read_back_from_it()
    {
        string[] stored =
        [
            "attempt", "scheduled", "awaiting_new_card", "stopped", "postponed", "deferred", "refused", "invoice_checked", "new_payment_method",
            "backup_card", "paid_elsewhere", "recovered", "lost", "final_action", "default_card", "pause", "resume", "retrynow",
            "close_recovered", "write_off",
        ];
        Assert.Equal(stored, Enum.GetValues<TimelineKind>().Select(kind => kind.Name()));
        Assert.Equal(Enum.GetValues<TimelineKind>(), stored.Select(TimelineKinds.Parse));
    }

    [Fact]
    public void The_ops_api_shows_a_kind_by_its_stored_name()
    {
        Assert.Equal("\"awaiting_new_card\"", JsonSerializer.Serialize(TimelineKind.AwaitingNewCard));
        Assert.Equal(TimelineKind.RetryNow, JsonSerializer.Deserialize<TimelineKind>("\"retrynow\""));
        Assert.Throws<FormatException>(() => TimelineKinds.Parse("rescheduled"));
    }
}
