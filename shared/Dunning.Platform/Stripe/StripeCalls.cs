using global::Stripe;
using Polly;

namespace Dunning.Platform.Stripe;

/// <summary>Every Stripe call goes through here: the shared client inside the shared resilience pipeline.</summary>
public sealed class StripeCalls(IStripeClient client, ResiliencePipeline pipeline)
{
    public IStripeClient Client => client;

    public ValueTask<T> RunAsync<T>(Func<IStripeClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(async ct => await call(client, ct), cancellationToken);
}
