using Dunning.Platform.Data;
using Dunning.RetryScheduler.Experiments;
using Npgsql;
using NpgsqlTypes;

namespace Dunning.RetryScheduler.Data;

/// <summary>Reads and writes <c>scheduler.experiments</c> and their arms in a unit of work.</summary>
public sealed class ExperimentStore(ServiceDatabase database)
{
    private readonly string _select = $"""
        SELECT e.id, e.name, e.status, e.started_at, e.frozen_at, e.stopped_at, a.name, a.weight, a.control, a.policy
        FROM {database.Table("experiments")} e JOIN {database.Table("experiment_arms")} a ON a.experiment_id = e.id
        """;
    private readonly string _insert = $"""
        INSERT INTO {database.Table("experiments")} (id, name, status, started_at) VALUES ($1, $2, 'running', $3)
        """;
    private readonly string _insertArm = $"""
        INSERT INTO {database.Table("experiment_arms")} (experiment_id, name, position, weight, control, policy) VALUES ($1, $2, $3, $4, $5, $6)
        """;
    private readonly string _caseCounts = $"""
        SELECT experiment_id, arm, count(*), count(*) FILTER (WHERE status = 'open')
        FROM {database.Table("cases")} WHERE experiment_id = ANY($1) GROUP BY experiment_id, arm
        """;
    private readonly string _freeze = $"UPDATE {database.Table("experiments")} SET status = 'frozen', frozen_at = $2 WHERE id = $1";
    private readonly string _stop = $"UPDATE {database.Table("experiments")} SET status = 'stopped', stopped_at = $2 WHERE id = $1";

    /// <summary>The running experiment, if any (at most one runs: a unique index says so).</summary>
    public async Task<Experiment?> RunningAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        (await ReadAsync(unit, $"{_select} WHERE e.status = 'running' ORDER BY a.position", null, cancellationToken)).SingleOrDefault();

    /// <summary>The experiment; with <paramref name="forUpdate"/>, its row locked until the unit of work ends (to change its status).</summary>
    public async Task<Experiment?> FindAsync(UnitOfWork unit, Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        (await ReadAsync(unit, $"{_select} WHERE e.id = $1 ORDER BY a.position{(forUpdate ? " FOR UPDATE OF e" : "")}", id, cancellationToken))
        .SingleOrDefault();

    /// <summary>Every experiment, newest first.</summary>
    public Task<IReadOnlyList<Experiment>> AllAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        ReadAsync(unit, $"{_select} ORDER BY e.started_at DESC, e.id, a.position", null, cancellationToken);

    /// <summary>The experiments with each arm's <see cref="ArmCases"/> (an arm without a case has none of either).</summary>
    public async Task<IReadOnlyList<Experiment>> WithCaseCountsAsync(UnitOfWork unit, IReadOnlyList<Experiment> experiments,
        CancellationToken cancellationToken)
    {
        var counts = (await unit.ReadAsync(new Query<(Guid Experiment, string Arm, ArmCases Cases)>(
                Statement.Of(_caseCounts, experiments.Select(e => e.Id).ToArray()),
                r => (r.GetGuid(0), r.GetString(1), new ArmCases((int)r.GetInt64(2), (int)r.GetInt64(3)))), cancellationToken))
            .ToDictionary(c => (c.Experiment, c.Arm), c => c.Cases);
        return [.. experiments.Select(e => e with
        {
            Arms = [.. e.Arms.Select(a => a with { Cases = counts.GetValueOrDefault((e.Id, a.Name), new ArmCases(0, 0)) })],
        })];
    }

    /// <summary>Stores a new running experiment and its arms, in order (a unique violation: another one runs).</summary>
    public void Start(UnitOfWork unit, Experiment experiment)
    {
        unit.Write(Statement.Of(_insert, experiment.Id, experiment.Name, experiment.StartedAt));
        foreach (var (arm, position) in experiment.Arms.Select((arm, position) => (arm, position)))
            unit.Write(Statement.Of(_insertArm, experiment.Id, arm.Name, position, arm.Weight, arm.Control,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = arm.Policy.ToJson() }));
    }

    public void Freeze(UnitOfWork unit, Guid id, DateTimeOffset at) => unit.Write(Statement.Of(_freeze, id, at), mustAffectRows: true);

    public void Stop(UnitOfWork unit, Guid id, DateTimeOffset at) => unit.Write(Statement.Of(_stop, id, at), mustAffectRows: true);

    /// <summary>One row per arm, in order: folded into experiments in the order of their first row.</summary>
    private async Task<IReadOnlyList<Experiment>> ReadAsync(UnitOfWork unit, string sql, object? key, CancellationToken cancellationToken)
    {
        var command = key is null ? Statement.Of(sql) : Statement.Of(sql, key);
        var rows = await unit.ReadAsync(new Query<(Experiment Experiment, ExperimentArmDefinition Arm)>(command, Row), cancellationToken);
        return [.. rows.GroupBy(r => r.Experiment.Id).Select(g => g.First().Experiment with { Arms = [.. g.Select(r => r.Arm)] })];
    }

    private static (Experiment, ExperimentArmDefinition) Row(NpgsqlDataReader r) => (
        new Experiment(r.GetGuid(0), r.GetString(1), Enum.Parse<ExperimentStatus>(r.GetString(2), ignoreCase: true), [],
            r.GetFieldValue<DateTimeOffset>(3), Time(r, 4), Time(r, 5)),
        new ExperimentArmDefinition(r.GetString(6), r.GetInt32(7), r.GetBoolean(8), PolicyOverrides.Stored(r.GetString(9))));

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
