using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.RetryScheduler.Cases;

/// <summary>What a case's timeline entry records; stored (and shown by the ops API) by its <see cref="TimelineKinds.Name"/>.</summary>
[JsonConverter(typeof(TimelineKindJsonConverter))]
public enum TimelineKind
{
    /// <summary>An attempt on the invoice (Stripe's, a scheduled retry, a new card's retry); it also counts on the card's budget.</summary>
    Attempt,
    Scheduled,
    AwaitingNewCard,
    Stopped,
    Postponed,
    Deferred,
    Refused,
    InvoiceChecked,
    NewPaymentMethod,
    BackupCard,
    PaidElsewhere,
    Recovered,
    Lost,
    FinalAction,
    DefaultCard,
    Pause,
    Resume,
    RetryNow,
    CloseRecovered,
    WriteOff,
}

/// <summary>The stored names of <see cref="TimelineKind"/> (the <c>case_events.kind</c> column).</summary>
public static class TimelineKinds
{
    public static string Name(this TimelineKind kind) => kind switch
    {
        TimelineKind.Attempt => "attempt",
        TimelineKind.Scheduled => "scheduled",
        TimelineKind.AwaitingNewCard => "awaiting_new_card",
        TimelineKind.Stopped => "stopped",
        TimelineKind.Postponed => "postponed",
        TimelineKind.Deferred => "deferred",
        TimelineKind.Refused => "refused",
        TimelineKind.InvoiceChecked => "invoice_checked",
        TimelineKind.NewPaymentMethod => "new_payment_method",
        TimelineKind.BackupCard => "backup_card",
        TimelineKind.PaidElsewhere => "paid_elsewhere",
        TimelineKind.Recovered => "recovered",
        TimelineKind.Lost => "lost",
        TimelineKind.FinalAction => "final_action",
        TimelineKind.DefaultCard => "default_card",
        TimelineKind.Pause => "pause",
        TimelineKind.Resume => "resume",
        TimelineKind.RetryNow => "retrynow",
        TimelineKind.CloseRecovered => "close_recovered",
        TimelineKind.WriteOff => "write_off",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static readonly Dictionary<string, TimelineKind> ByName = Enum.GetValues<TimelineKind>().ToDictionary(Name, StringComparer.Ordinal);

    public static TimelineKind Parse(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new FormatException($"'{name}' is not a timeline kind");
}

/// <summary>Writes and reads a <see cref="TimelineKind"/> as its stored name.</summary>
public sealed class TimelineKindJsonConverter : JsonConverter<TimelineKind>
{
    public override TimelineKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimelineKinds.Parse(reader.GetString() ?? throw new JsonException("A timeline kind is a string"));

    public override void Write(Utf8JsonWriter writer, TimelineKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
}
