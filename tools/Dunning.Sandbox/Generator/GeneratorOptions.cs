namespace Dunning.Sandbox.Generator;

/// <summary>Traffic generator settings (command-line flags or the JSON body of POST /sandbox/generator/start).</summary>
public sealed record GeneratorOptions
{
    public int Customers { get; init; } = 200;

    /// <summary>Share of customers whose card fails at renewal (0..1).</summary>
    public double FailureRate { get; init; } = 0.3;

    /// <summary>
    /// Share of customers (0..1) who sign up as Stripe Checkout signs them up ("When subscriptions are created in Checkout, the
    /// collected payment method is set as the default_payment_method on the Subscription", stackoverflow.com/q/76282845): the card on the subscription's own
    /// default_payment_method, none on the customer's invoice_settings; their renewal card is set on the subscription.
    /// </summary>
    public double CheckoutShare { get; init; } = 0.3;

    /// <summary>
    /// Share of customers (0..1) whose renewal card expires at the end of their sign-up month, before their renewal (set through
    /// Stripe's "Update a PaymentMethod"): the customers an expiring-card reminder is for.
    /// </summary>
    public double ExpiringShare { get; init; } = 0.1;

    public int Seed { get; init; } = 42;

    /// <summary>Real seconds per simulated day during the renewal month, kept on schedule (0 = as fast as possible).</summary>
    public double Speed { get; init; } = 2;

    /// <summary>Real seconds per simulated day during the sign-up month before it, kept on schedule (0 = as fast as possible).</summary>
    public double SignupSpeed { get; init; }

    public int Days { get; init; } = 30;

    /// <summary>
    /// Days the clock keeps walking after the renewal month (at <see cref="Speed"/>), into the future, so the dunning of the
    /// month's failures plays out on the clock: Dunning runs each case on its test clock's time (0 = stop at the month's end).
    /// </summary>
    public int DunningDays { get; init; }

    public string SandboxUrl { get; init; } = "http://127.0.0.1:12111";

    public string ApiKey { get; init; } = "sk_test_sandbox_generator";
}
