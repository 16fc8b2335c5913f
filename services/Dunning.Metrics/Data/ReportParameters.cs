using Dunning.Metrics.Domain;
using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>The parameters every report query binds: its currency and days, and the livemode values its mode includes.</summary>
internal static class ReportParameters
{
    public static void Add(NpgsqlCommand command, ReportRange range, ReportMode mode)
    {
        command.Parameters.AddWithValue("currency", range.Currency);
        command.Parameters.AddWithValue("from", range.From);
        command.Parameters.AddWithValue("to", range.To);
        AddMode(command, mode);
    }

    public static void AddMode(NpgsqlCommand command, ReportMode mode) =>
        command.Parameters.AddWithValue("livemodes", mode.Livemodes.ToArray());
}
