using Dunning.Platform.Stripe;
using Dunning.PolicyLab.Import;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Stripe;

namespace Dunning.PolicyLab;

/// <summary>
/// <c>lab.sh import</c>: a history of failed invoices (JSON Lines, <see cref="Dunning.Lab.History.HistoryFile"/>) from a Stripe account or
/// from Dunning's own database. Settings are environment variables, named as the services name them.
/// Exit codes: 0 imported, 1 the source or the files failed (rerun to resume), 2 bad arguments or settings.
/// </summary>
public static class ImportCommand
{
    public const int Failed = 1;

    /// <summary>A connection string whose role may read <c>scheduler.cases</c>, <c>scheduler.case_events</c> and <c>metrics.ledger</c>.</summary>
    public const string DunningConnection = "DunningReadOnly";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(ImportArguments.Help);
            return 0;
        }
        var (arguments, refusal) = ImportArguments.Parse(args);
        if (arguments is null) return Usage.Fail(refusal!);

        var settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        NpgsqlDataSource? database = null;
        IHistorySource source;
        if (arguments.Source == ImportSource.Dunning)
        {
            if (settings.GetConnectionString(DunningConnection) is not { Length: > 0 } connectionString)
                return Usage.Fail($"import --from-dunning: set ConnectionStrings__{DunningConnection} (a role that may read the scheduler's cases "
                                  + "and the metrics ledger)");
            database = NpgsqlDataSource.Create(connectionString);
            source = new DunningImport(database, arguments);
        }
        else
        {
            var stripe = settings.GetSection("Stripe").Get<StripeOptions>() ?? new StripeOptions();
            if (!StripeOptions.LiveKeyGoesToStripeOverHttps(stripe)) return Usage.Fail(StripeOptions.LiveKeyGoesToStripeOverHttpsError);
            source = new StripeImport(StripeExtensions.NewCalls(stripe, TimeProvider.System), arguments, TimeProvider.System);
        }

        try
        {
            await CheckpointedImport.RunAsync(source, arguments, Console.Out, CancellationToken.None);
            return 0;
        }
        catch (CheckpointMismatchException e)
        {
            return Usage.Fail($"import: {e.Message}");
        }
        catch (Exception e) when (e is StripeException or NpgsqlException or IOException or InvalidDataException || StripeResilience.IsUnavailable(e))
        {
            await Console.Error.WriteLineAsync($"import stopped: {e.Message}\nRerun the same command to resume from the last checkpoint.");
            return Failed;
        }
        finally
        {
            if (database is not null) await database.DisposeAsync();
        }
    }
}
