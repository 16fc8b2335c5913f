using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Transaction-scoped advisory locks on objects named by text (<c>pg_advisory_xact_lock(hashtextextended(name, 0))</c>), taken
/// in the order of their keys, so two transactions locking overlapping sets never wait for each other in a cycle.
/// </summary>
internal static class AdvisoryLocks
{
    private const string InOrder = """
        SELECT pg_advisory_xact_lock(key) FROM (SELECT DISTINCT hashtextextended(name, 0) AS key FROM unnest($1::text[]) name ORDER BY key) ordered
        """;

    public static NpgsqlBatchCommand Take(IEnumerable<string> names) => new(InOrder) { Parameters = { new() { Value = names.ToArray() } } };
}
