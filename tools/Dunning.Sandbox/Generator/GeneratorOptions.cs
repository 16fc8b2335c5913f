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

    /// <summary>The renewal cards' mix: <c>default</c> (<see cref="CardMix"/>) or <c>payday</c> (<see cref="CardMix.PaydayFailing"/>).</summary>
    public string Mix { get; init; } = CardMix.Default;

    /// <summary>
    /// Hours per clock step during the renewal month and the dunning days (24: a day at a time). The policy lab's validation
    /// walks an hour at a time, so that a retry runs within the hour it was planned for and its outcome is that hour's.
    /// </summary>
    public int StepHours { get; init; } = 24;

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

    /// <summary>
    /// Command line only (<c>--after-step</c>): a shell command run after each clock step, with <c>CLOCK_ID</c> and
    /// <c>FROZEN_TIME</c> (unix seconds) set; the walk goes on when it exits 0 and stops when it fails.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AfterStep { get; init; }

    public string SandboxUrl { get; init; } = "http://127.0.0.1:12111";

    public string ApiKey { get; init; } = "sk_test_sandbox_generator";
}
