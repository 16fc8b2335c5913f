namespace Dunning.Testing;

/// <summary>Where the real infrastructure started by scripts/test.sh listens; overridable by environment variables.</summary>
public static class TestEnvironment
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("DUNNING_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    public static string RabbitHost => Environment.GetEnvironmentVariable("DUNNING_TEST_RABBIT_HOST") ?? "127.0.0.1";

    public static Uri RabbitManagement => new(Environment.GetEnvironmentVariable("DUNNING_TEST_RABBIT_MANAGEMENT") ?? "http://127.0.0.1:15672/");

    public static string SmtpHost => Environment.GetEnvironmentVariable("DUNNING_TEST_SMTP_HOST") ?? "127.0.0.1";

    public static int SmtpPort => int.Parse(Environment.GetEnvironmentVariable("DUNNING_TEST_SMTP_PORT") ?? "1025");

    public static Uri MaildevApi => new(Environment.GetEnvironmentVariable("DUNNING_TEST_MAILDEV") ?? "http://127.0.0.1:1080/");

    /// <summary>The repository root (the folder holding Dunning.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dunning.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("Dunning.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
