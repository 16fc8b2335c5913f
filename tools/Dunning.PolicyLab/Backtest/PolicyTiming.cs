namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// How a backtested policy times its retries: the scheduler's backoff (<see cref="Schedule"/>, what the service does today) or
/// the learned model's best slot inside what the policy and the network rules allow (<see cref="Learned"/>, <see cref="LearnedRetryTime"/>).
/// </summary>
public enum PolicyTiming { Schedule, Learned }
