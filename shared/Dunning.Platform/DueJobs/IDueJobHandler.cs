using Dunning.Platform.Data;

namespace Dunning.Platform.DueJobs;

/// <summary>Runs due jobs of one <see cref="Kind"/>; what it writes through the unit of work commits with the job's completion.</summary>
public interface IDueJobHandler
{
    string Kind { get; }

    /// <summary>
    /// How long a claimed job of this kind stays reserved; null = <see cref="DueJobOptions.Lease"/>. A short lease lets a job
    /// claimed by a process that died run again soon; a job still running when its lease ends may be run a second time
    /// (its completion is guarded by the attempt), so only kinds whose effect is idempotent should shorten it.
    /// </summary>
    TimeSpan? Lease => null;

    Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken);
}
