using Npgsql;

namespace Dunning.Platform.DueJobs;

/// <summary>Runs due jobs of one <see cref="Kind"/>; writes through the transaction commit with the job's completion.</summary>
public interface IDueJobHandler
{
    string Kind { get; }

    Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
