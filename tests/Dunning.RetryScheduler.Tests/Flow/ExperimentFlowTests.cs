using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dunning.Lab.Experiments;
using Dunning.Platform.Data;
using Dunning.RetryScheduler.Data;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>
/// Experiments on live cases against real PostgreSQL, RabbitMQ and the sandbox: each new case gets the arm <see cref="ArmAssignment"/>
/// gives its invoice, on whichever instance opens it, and plans with that arm's policy; a frozen experiment assigns nothing new.
/// </summary>
/// <remarks>
/// The scheduler has a learned model (<see cref="BestHourModel"/>), which only an arm with learned timing uses. Its best hour is
/// twelve hours from the hour the tests start in, so a case that opens now is never already in it.
/// </remarks>
public sealed class ExperimentFlowTests(SandboxFixture sandbox)
    : SchedulerFlowTest(sandbox, new Dictionary<string, string?> { ["RetryPolicy:LearnedModel"] = BestHourModel.Path(BestHour) })
{
    private static readonly int BestHour = (DateTime.UtcNow.Hour + 12) % 24;

    /// <summary>The control arm runs the tests' fast policy (a retry in 0.2 s, a 1 h window); "patient" waits an hour for its first retry.</summary>
    private const string PatientExperiment = """
        {"name": "first retry after an hour", "arms": [{"name": "current", "weight": 1, "control": true},
         {"name": "patient", "weight": 1, "policy": {"FirstRetryAfter": "01:00:00", "BackoffCap": "01:00:00", "Window": "1.00:00:00"}}]}
        """;

    private const string StripeOnlyExperiment = """
        {"name": "Stripe's own retries only", "arms": [{"name": "current", "weight": 1, "control": true},
         {"name": "stripe_only", "weight": 1, "policy": {"retry_owner": "stripe"}}]}
        """;

    [Fact]
    public async Task A_running_experiment_gives_each_new_case_its_invoices_arm_on_any_instance_and_a_frozen_one_gives_none()
    {
        using var api = Api(Host);
        var experiment = await StartAsync(api, PatientExperiment);
        await using var second = await SchedulerHost.StartAsync(Database, VirtualHost, Sandbox);
        var failures = await FailuresInEachArmAsync(experiment, "pm_card_chargeDeclined", "current", "patient");

        // Two instances consume the same queue; each failure goes to one of them.
        await Task.WhenAll(failures.Select((f, i) => (i % 2 == 0 ? Host : second).PublishAsync(f.Failed)));
        await Eventually.HoldsAsync(async () => (await ArmsAsync()).Count == failures.Count, Timeout, "every failure opened its case");
        var arms = await ArmsAsync();
        Assert.Equal(failures.ToDictionary(f => f.Failed.InvoiceId, f => (experiment.Id, (string?)f.Arm)), arms);

        // A later Stripe attempt on each invoice, on the other instance: the case is found, not opened again, and keeps its arm.
        await Task.WhenAll(failures.Select((f, i) => (i % 2 == 0 ? second : Host).PublishAsync(f.Failed with
        {
            SourceEventId = f.Failed.SourceEventId + "_again", StripeAttemptCount = 2, OccurredAt = f.Failed.OccurredAt.AddSeconds(1),
        })));
        await Eventually.HoldsAsync(async () => await Database.CountAsync(
                "SELECT count(*) FROM scheduler.case_events WHERE kind = 'attempt' AND detail = 'Stripe attempt 2'") == failures.Count,
            Timeout, "each invoice's second failure is recorded on its case");
        Assert.Equal(arms, await ArmsAsync());

        // The second instance reads the stored experiment and computes every stored arm from it alone.
        var stored = await second.Services.GetRequiredService<UnitsOfWork>()
            .RunAsync((unit, ct) => second.Services.GetRequiredService<ExperimentStore>().RunningAsync(unit, ct), CancellationToken.None);
        Assert.Equal(arms, failures.ToDictionary(f => f.Failed.InvoiceId, f => (stored!.Id, (string?)stored.AssignArm(f.Failed.InvoiceId).Arm)));

        // Each case plans with its arm's policy: the control arm retries at once, the patient arm in an hour.
        var patient = failures.Where(f => f.Arm == "patient").Select(f => f.Failed.InvoiceId).ToList();
        var control = failures.Where(f => f.Arm == "current").Select(f => f.Failed.InvoiceId).ToList();
        await Eventually.HoldsAsync(async () => (await Sandbox.PayCallsAsync()).Any(c => control.Contains(c.Invoice)), Timeout,
            "a control case retried");
        Assert.Equal(patient.Count, await Database.CountAsync(
            $"SELECT count(*) FROM scheduler.cases WHERE invoice_id IN ({Quoted(patient)}) AND next_attempt_at > now() + interval '50 minutes'"));
        Assert.DoesNotContain(await Sandbox.PayCallsAsync(), c => patient.Contains(c.Invoice));

        (await api.PostAsync($"/api/experiments/{experiment.Id}/freeze", null)).EnsureSuccessStatusCode();
        var (_, afterFreeze) = await FailedSignUpAsync("pm_card_chargeDeclined");
        await second.PublishAsync(afterFreeze);
        await Eventually.HoldsAsync(async () => (await ArmsAsync()).ContainsKey(afterFreeze.InvoiceId), Timeout, "the case after the freeze opened");
        var afterFreezeArms = await ArmsAsync();
        Assert.Equal((Guid.Empty, (string?)null), afterFreezeArms[afterFreeze.InvoiceId]);
        Assert.Equal(arms, afterFreezeArms.Where(a => a.Key != afterFreeze.InvoiceId).ToDictionary());
        var frozen = await api.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment.Id}");
        Assert.Equal("Frozen", frozen.GetProperty("status").GetString());
        // Each arm counts its cases; the patient arm's are all open (their first retry is an hour away), the control's may have closed.
        var counts = CaseCounts(frozen);
        Assert.Equal((patient.Count, patient.Count), counts["patient"]);
        Assert.Equal(control.Count, counts["current"].All);
        Assert.Equal(counts.Keys, CaseCounts((await api.GetFromJsonAsync<JsonElement>("/api/experiments")).EnumerateArray().Single()).Keys);
    }

    [Fact]
    public async Task A_case_in_the_stripe_only_arm_makes_no_pay_call_while_a_control_case_retries_and_each_outcome_names_its_arm()
    {
        using var api = Api(Host);
        var experiment = await StartAsync(api, StripeOnlyExperiment);
        // Declines the first charge, pays the first retry: only a retry of ours recovers it.
        var failures = await FailuresInEachArmAsync(experiment, "pm_sandbox_recoverAfter1", "current", "stripe_only");
        var (control, stripeOnly) = (failures.First(f => f.Arm == "current").Failed, failures.First(f => f.Arm == "stripe_only").Failed);

        await Host.PublishAsync(control);
        await Host.PublishAsync(stripeOnly);

        await Eventually.HoldsAsync(async () => await Database.StatusAsync(control.InvoiceId) == "recovered:Retry", Timeout, "our retry recovers");
        await Eventually.HoldsAsync(async () => await Database.StatusAsync(stripeOnly.InvoiceId) == "lost:RetriesExhausted", Timeout,
            "Stripe scheduled no attempt, so the stripe-only case is over");
        Assert.Single(await Sandbox.PayCallsAsync(control.InvoiceId));
        Assert.Empty(await Sandbox.PayCallsAsync(stripeOnly.InvoiceId));
        Assert.Equal($"{experiment.Id} current true", await OutcomeArmAsync("PaymentRecovered", control.InvoiceId));
        Assert.Equal($"{experiment.Id} stripe_only false", await OutcomeArmAsync("RevenueLost", stripeOnly.InvoiceId));
        var counts = CaseCounts(await api.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment.Id}"));
        Assert.Equal((1, 0), counts["current"]); // recovered
        Assert.Equal((1, 0), counts["stripe_only"]); // lost
    }

    /// <summary>The learned arm's window is two days, so that its candidate hours reach the model's best hour.</summary>
    private const string LearnedExperiment = """
        {"name": "learned timing", "arms": [{"name": "current", "weight": 1, "control": true},
         {"name": "learned", "weight": 1, "policy": {"Timing": "Learned", "Window": "2.00:00:00"}}]}
        """;

    [Fact]
    public async Task A_case_in_a_learned_timing_arm_plans_its_retry_at_the_models_best_hour_while_a_control_case_retries_at_once()
    {
        using var api = Api(Host);
        var experiment = await StartAsync(api, LearnedExperiment);
        var failures = await FailuresInEachArmAsync(experiment, "pm_card_chargeDeclinedInsufficientFunds", "current", "learned");

        await Task.WhenAll(failures.Select(f => Host.PublishAsync(f.Failed)));
        var learned = failures.Where(f => f.Arm == "learned").Select(f => f.Failed.InvoiceId).ToList();
        var control = failures.Where(f => f.Arm == "current").Select(f => f.Failed.InvoiceId).ToList();
        await Eventually.HoldsAsync(async () => await Database.CountAsync(
                $"SELECT count(*) FROM scheduler.cases WHERE invoice_id IN ({Quoted(learned)}) AND next_attempt_at IS NOT NULL") == learned.Count,
            Timeout, "every learned case planned its retry");
        await Eventually.HoldsAsync(async () => (await Sandbox.PayCallsAsync()).Any(c => control.Contains(c.Invoice)), Timeout,
            "a control case retried");

        Assert.Equal(learned.Count, await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.cases
            WHERE invoice_id IN ({Quoted(learned)}) AND extract(hour FROM next_attempt_at AT TIME ZONE 'UTC') = {BestHour}
                AND extract(minute FROM next_attempt_at AT TIME ZONE 'UTC') = 0 AND next_attempt_at > now()
            """));
        Assert.Equal(learned.Count, await Database.CountAsync($"""
            SELECT count(*) FROM scheduler.case_events e JOIN scheduler.cases c ON c.id = e.case_id
            WHERE c.invoice_id IN ({Quoted(learned)}) AND e.kind = 'scheduled' AND e.detail LIKE '%learned timing: the hour with the best%'
            """));
        Assert.DoesNotContain(await Sandbox.PayCallsAsync(), c => learned.Contains(c.Invoice));
    }

    [Fact]
    public async Task A_bad_request_stores_nothing_and_one_experiment_runs_at_a_time()
    {
        using var api = Api(Host);
        var invalid = await api.PostAsync("/api/experiments", Json("""
            {"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b", "weight": 1, "policy": {"Visa": {"MaxAttempts": 20}}}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.StartsWith("Arm 'b': 'Visa' is not a retry policy setting", await ErrorAsync(invalid));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/experiments", new StringContent("arms", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(0, await Database.CountAsync("SELECT (SELECT count(*) FROM scheduler.experiments) + (SELECT count(*) FROM scheduler.experiment_arms)"));

        var first = await StartAsync(api, PatientExperiment);
        var second = await api.PostAsync("/api/experiments", Json(StripeOnlyExperiment));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.StartsWith($"Experiment {first.Id} ('first retry after an hour') is running: one runs at a time", await ErrorAsync(second));

        (await api.PostAsync($"/api/experiments/{first.Id}/stop", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/experiments/{first.Id}/freeze", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/experiments/{first.Id}/stop", null)).StatusCode);
        var next = await StartAsync(api, StripeOnlyExperiment);
        var all = await api.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Equal([(next.Id.ToString(), "Running"), (first.Id.ToString(), "Stopped")],
            all.EnumerateArray().Select(e => (e.GetProperty("id").GetString(), e.GetProperty("status").GetString())));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/experiments/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/experiments/latest/freeze", null)).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/experiments")).StatusCode);
    }

    private sealed record Started(Guid Id, Arm[] Arms);

    private sealed record ArmFailure(Contracts.PaymentFailed Failed, string Arm);

    private static HttpClient Api(SchedulerHost host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", SchedulerHost.ApiKey);
        return client;
    }

    private static async Task<Started> StartAsync(HttpClient api, string body)
    {
        var response = await api.PostAsync("/api/experiments", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var experiment = (await response.Content.ReadFromJsonAsync<JsonElement>())!;
        return new Started(experiment.GetProperty("id").GetGuid(), [.. experiment.GetProperty("arms").EnumerateArray()
            .Select(a => new Arm(a.GetProperty("name").GetString()!, a.GetProperty("weight").GetInt32()))]);
    }

    /// <summary>New failed invoices until each named arm has one, the arm of each computed here from the API's answer alone.</summary>
    private async Task<List<ArmFailure>> FailuresInEachArmAsync(Started experiment, string card, params string[] arms)
    {
        var failures = new List<ArmFailure>();
        while (failures.Count < 4 || arms.Any(arm => failures.All(f => f.Arm != arm)))
        {
            Assert.True(failures.Count < 20, "20 invoices in a row in one arm of equal weights: the assignment is not uniform");
            var (_, failed) = await FailedSignUpAsync(card);
            failures.Add(new ArmFailure(failed, ArmAssignment.Assign(failed.InvoiceId, experiment.Id.ToString("D"), experiment.Arms).Name));
        }
        return failures;
    }

    /// <summary>Every case's experiment and arm by invoice (an empty id and null arm outside experiments).</summary>
    private async Task<Dictionary<string, (Guid, string?)>> ArmsAsync()
    {
        await using var command = Database.DataSource.CreateCommand("SELECT invoice_id, experiment_id, arm FROM scheduler.cases");
        await using var reader = await command.ExecuteReaderAsync();
        var arms = new Dictionary<string, (Guid, string?)>();
        while (await reader.ReadAsync())
            arms[reader.GetString(0)] = (reader.IsDBNull(1) ? Guid.Empty : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        return arms;
    }

    /// <summary>Each arm's cases as the API shows the experiment: (all, open).</summary>
    private static Dictionary<string, (int All, int Open)> CaseCounts(JsonElement experiment) => experiment.GetProperty("arms").EnumerateArray()
        .ToDictionary(a => a.GetProperty("name").GetString()!, a => (a.GetProperty("cases").GetProperty("all").GetInt32(),
            a.GetProperty("cases").GetProperty("open").GetInt32()));

    private async Task<string?> OutcomeArmAsync(string messageType, string invoiceId)
    {
        await using var command = Database.DataSource.CreateCommand($"""
            SELECT concat_ws(' ', body->'experiment'->>'experimentId', body->'experiment'->>'arm', body->'experiment'->>'control')
            FROM scheduler.outbox WHERE message_type LIKE '%{messageType}' AND body->>'invoiceId' = @invoice
            """);
        command.Parameters.AddWithValue("invoice", invoiceId);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Quoted(IEnumerable<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));
}
