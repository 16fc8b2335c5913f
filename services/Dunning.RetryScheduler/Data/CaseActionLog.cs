using Dunning.Platform.Data;
using Dunning.RetryScheduler.Cases;

namespace Dunning.RetryScheduler.Data;

/// <summary>One row of the audit log as the ops API shows it.</summary>
public sealed record CaseActionRecord(long Id, string Action, string Actor, string Reason, DateTimeOffset At);

/// <summary>The operators' audit log (<c>case_actions</c>), in a unit of work (for <see cref="CaseRepository"/>): rows are only added.</summary>
public sealed class CaseActionLog(ServiceDatabase database)
{
    private readonly string _insert = $"INSERT INTO {database.Table("case_actions")} (case_id, action, actor, reason, at) VALUES ($1, $2, $3, $4, $5)";
    private readonly string _ofCase = $"SELECT id, action, actor, reason, at FROM {database.Table("case_actions")} WHERE case_id = $1 ORDER BY id";

    public void Add(UnitOfWork unit, Guid caseId, OperatorAction action) =>
        unit.Write(Statement.Of(_insert, caseId, action.Command.Name(), action.Actor, action.Reason, action.At));

    public Task<IReadOnlyList<CaseActionRecord>> OfCaseAsync(UnitOfWork unit, Guid caseId, CancellationToken cancellationToken) =>
        unit.ReadAsync(new Query<CaseActionRecord>(Statement.Of(_ofCase, caseId), row => new CaseActionRecord(row.GetInt64(0), row.GetString(1),
            row.GetString(2), row.GetString(3), row.GetFieldValue<DateTimeOffset>(4))), cancellationToken);
}
