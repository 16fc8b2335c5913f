using Dunning.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Platform;

/// <summary>What a service does when started: <c>dotnet Dunning.&lt;Service&gt;.dll</c> runs it, <c>... migrate</c> only migrates.</summary>
public static class ServiceCommands
{
    public const string Migrate = "migrate";

    /// <summary>
    /// Runs the service until it is stopped; with <c>migrate</c> as the first argument, only waits for PostgreSQL and migrates the
    /// service's schema (<see cref="SchemaMigration"/>), without starting the host (no bus, no HTTP, no workers), and exits:
    /// 0 when the schema is migrated, 1 with the reason on standard error when not. Further arguments are settings as usual
    /// (<c>--ConnectionStrings:PostgresMigrations=...</c>).
    /// </summary>
    public static int RunOrMigrate(this WebApplication app, string[] args)
    {
        if (args is not [Migrate, ..])
        {
            app.Run();
            return 0;
        }
        try
        {
            app.Services.GetRequiredService<SchemaMigration>().RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{Migrate} failed: {Reason(e)}");
            return 1;
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult(); // flushes the log
        }
    }

    private static string Reason(Exception e) => e.InnerException is null ? e.Message : $"{e.Message} ({Reason(e.InnerException)})";
}
